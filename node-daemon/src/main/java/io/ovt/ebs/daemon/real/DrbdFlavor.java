package io.ovt.ebs.daemon.real;

/** The DRBD generation the kernel runs, which decides configuration syntax and status source. */
public enum DrbdFlavor {
  /** The in-kernel 8.4 module (Debian's kernels): status from /proc/drbd. */
  V84,
  /** DRBD 9: node ids and connection meshes; status from drbdsetup status --json. */
  V9;

  /** The flavor of a kernel module version such as 8.4.11 or 9.2.8. */
  public static DrbdFlavor ofKernelVersion(String version) {
    return version.startsWith("8.") ? V84 : V9;
  }
}

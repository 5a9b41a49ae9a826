package io.ovt.ebs.daemon.real;

import io.ovt.ebs.daemon.command.Command;
import io.ovt.ebs.daemon.command.CommandRunner;
import io.ovt.ebs.daemon.host.BlockTool;
import io.ovt.ebs.daemon.host.DrbdTool;
import io.ovt.ebs.daemon.host.ImageTool;
import io.ovt.ebs.daemon.host.LvmTool;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.daemon.host.TargetTool;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.HostType;
import io.ovt.ebs.nodeapi.NodeInfo;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real storage host: LVM, DRBD and the iSCSI target driven through their tools. */
public final class RealHost implements StorageHost {
  private static final Pattern LVM_VERSION = Pattern.compile("LVM version:\\s*(\\S+)");
  private static final Pattern DRBDADM = Pattern.compile("DRBDADM_VERSION=(\\S+)");
  private static final Pattern KERNEL_CODE =
      Pattern.compile("DRBD_KERNEL_VERSION_CODE=0x([0-9a-fA-F]{6})");

  private final CommandRunner runner;
  private final String hostname;
  private final LvmTool lvm;
  private final DrbdTool drbd;
  private final TargetTool targets;
  private final BlockTool blocks;
  private final ImageTool images;

  public RealHost(
      CommandRunner runner,
      String hostname,
      LvmTool lvm,
      DrbdTool drbd,
      TargetTool targets,
      BlockTool blocks,
      ImageTool images) {
    this.blocks = blocks;
    this.images = images;
    this.runner = runner;
    this.hostname = hostname;
    this.lvm = lvm;
    this.drbd = drbd;
    this.targets = targets;
  }

  @Override
  public LvmTool lvm() {
    return lvm;
  }

  @Override
  public DrbdTool drbd() {
    return drbd;
  }

  @Override
  public TargetTool targets() {
    return targets;
  }

  @Override
  public BlockTool blocks() {
    return blocks;
  }

  @Override
  public ImageTool images() {
    return images;
  }

  @Override
  public HostType type() {
    return HostType.REAL;
  }

  @Override
  public String hostname() {
    return hostname;
  }

  @Override
  public NodeInfo.Versions versions(String daemonVersion) throws StorageException {
    ToolRunner tools = new ToolRunner(runner, stderr -> ErrorCode.COMMAND_FAILED);
    String lvmOut = tools.run(Command.of("lvm", "version")).stdout();
    String drbdOut = tools.run(Command.of("drbdadm", "--version")).stdout();
    return new NodeInfo.Versions(
        daemonVersion,
        drbdKernelVersion(drbdOut),
        find(DRBDADM, drbdOut),
        find(LVM_VERSION, lvmOut));
  }

  /**
   * The kernel module's version from {@code drbdadm --version}, which prints it only as a code
   * (0x08040b is 8.4.11).
   */
  static String drbdKernelVersion(String drbdadmVersion) {
    Matcher m = KERNEL_CODE.matcher(drbdadmVersion);
    if (!m.find()) {
      return "unknown";
    }
    int code = Integer.parseInt(m.group(1), 16);
    return (code >> 16) + "." + ((code >> 8) & 0xff) + "." + (code & 0xff);
  }

  private static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1) : "unknown";
  }
}

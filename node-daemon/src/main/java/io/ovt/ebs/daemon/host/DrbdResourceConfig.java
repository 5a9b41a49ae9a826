package io.ovt.ebs.daemon.host;

import io.ovt.ebs.nodeapi.DrbdProtocol;

/**
 * The configuration of one DRBD resource: what {@code /etc/drbd.d/<name>.res} says.
 *
 * @param name resource name (the volume name)
 * @param minor DRBD minor, the same on both hosts
 * @param port TCP port, the same on both hosts
 * @param protocol A, B or C
 * @param local this host
 * @param peer the other host
 * @param resyncRateKiB resync rate in KiB/s
 */
public record DrbdResourceConfig(
    String name,
    int minor,
    int port,
    DrbdProtocol protocol,
    Endpoint local,
    Endpoint peer,
    long resyncRateKiB) {

  /**
   * One side of a resource.
   *
   * @param hostname the host's name, as DRBD matches its {@code on} section
   * @param address the replication address
   * @param disk the backing device (the LV); null for the peer
   */
  public record Endpoint(String hostname, String address, String disk) {}

  /** The device path of this resource. */
  public String devicePath() {
    return "/dev/drbd" + minor;
  }
}

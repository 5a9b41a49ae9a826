package io.ovt.ebs.nodeapi;

/**
 * The DRBD resource of a replicated volume as one node should have it.
 *
 * @param minor DRBD minor (device /dev/drbdN), the same on both nodes
 * @param port TCP port, the same on both nodes
 * @param protocol A, B or C
 * @param localAddress this node's replication address
 * @param peer the other node
 * @param role the role this node should have
 * @param resyncRateKiB resync rate in KiB per second
 * @param initialSync how the first sync of a new volume is done; null once the volume has been in
 *     sync, so that the daemon never forces a promotion of it again
 */
public record DesiredDrbd(
    int minor,
    int port,
    DrbdProtocol protocol,
    String localAddress,
    DrbdPeer peer,
    Role role,
    long resyncRateKiB,
    InitialSync initialSync) {

  /**
   * The peer of a DRBD resource.
   *
   * @param hostname the peer's host name, as its daemon reports it
   * @param address the peer's replication address
   */
  public record DrbdPeer(String hostname, String address) {}
}

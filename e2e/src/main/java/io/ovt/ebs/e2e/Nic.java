package io.ovt.ebs.e2e;

/**
 * A network card of a VM: the guest renames the card with {@code mac} to {@code guestName} and
 * gives it {@code address} (CIDR), from the kernel command line.
 */
public sealed interface Nic {
  /** Interface name in the guest. */
  String guestName();

  /** MAC address, unique within the VM. */
  String mac();

  /** Address with prefix length, e.g. 10.0.10.21/24. */
  String address();

  /**
   * One end of a private Ethernet link to another VM: QEMU sends frames as UDP datagrams from
   * {@code localPort} to {@code peerPort} on 127.0.0.1, so nothing leaves loopback.
   */
  record UdpLink(String guestName, String mac, String address, int localPort, int peerPort)
      implements Nic {}

  /**
   * QEMU user-mode networking, restricted (the guest cannot reach out), with host port {@code
   * hostPort} on 127.0.0.1 forwarded to {@code guestPort} in the guest.
   */
  record UserNet(String guestName, String mac, String address, int hostPort, int guestPort)
      implements Nic {}
}

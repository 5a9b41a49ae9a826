package io.ovt.ebs.e2e;

import java.util.List;

/**
 * Names and addresses of the three VMs of a {@link VmCluster}, as the tests and the daemon
 * configuration refer to them. Each pair of VMs that talk shares a private point-to-point link.
 */
public final class Topology {
  /** First storage host. */
  public static final String HCI_1 = "hci-0001";

  /** Second storage host. */
  public static final String HCI_2 = "hci-0002";

  /** The iSCSI initiator, standing in for a Nova compute node. */
  public static final String CLIENT = "client";

  /** Both storage hosts. */
  public static final List<String> STORAGE_HOSTS = List.of(HCI_1, HCI_2);

  /** The client's initiator name, in the form Debian's open-iscsi generates. */
  public static final String CLIENT_IQN = "iqn.1993-08.org.debian:01:ebs-e2e-client";

  /** Port of the node daemon's API inside a storage host. */
  public static final int DAEMON_PORT = 7000;

  /** Port LIO listens on for iSCSI. */
  public static final int ISCSI_PORT = 3260;

  /** The user-mode NIC's address on every storage host (QEMU's slirp default). */
  public static final String MANAGEMENT_ADDRESS = "10.0.2.15";

  /**
   * A storage host's user-mode NIC: the host reaches the node daemon through it (the forwarded
   * port), so with it down the operator loses the node.
   */
  public static final String MANAGEMENT_NIC = "mgmt";

  /** A storage host's NIC on the replication link to the other storage host (DRBD). */
  public static final String REPLICATION_NIC = "repl";

  /** A storage host's NIC on its link to the client, where its iSCSI portal listens. */
  public static final String PORTAL_NIC = "iscsi";

  private Topology() {}

  /**
   * The client's NIC on its link to the storage host (the guest's init names NICs by MAC, so these
   * are the interface names in the guest, not eth0, eth1, ...).
   */
  public static String clientNicTowards(String host) {
    return switch (host) {
      case HCI_1 -> "iscsi1";
      case HCI_2 -> "iscsi2";
      default -> throw new IllegalArgumentException("not a storage host: " + host);
    };
  }

  /** The storage host's DRBD address on the replication link (10.0.10.0/24). */
  public static String replicationAddress(String host) {
    return switch (host) {
      case HCI_1 -> "10.0.10.21";
      case HCI_2 -> "10.0.10.22";
      default -> throw new IllegalArgumentException("not a storage host: " + host);
    };
  }

  /** The storage host's iSCSI portal address, on its own link to the client. */
  public static String portalAddress(String host) {
    return switch (host) {
      case HCI_1 -> "10.0.251.21";
      case HCI_2 -> "10.0.252.22";
      default -> throw new IllegalArgumentException("not a storage host: " + host);
    };
  }

  /** The client's address on its link to the storage host. */
  public static String clientAddressTowards(String host) {
    return switch (host) {
      case HCI_1 -> "10.0.251.3";
      case HCI_2 -> "10.0.252.3";
      default -> throw new IllegalArgumentException("not a storage host: " + host);
    };
  }
}

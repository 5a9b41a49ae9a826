package io.ovt.ebs.e2e;

import java.time.Duration;
import java.util.List;

/**
 * Network faults made inside one guest: a NIC taken down ({@code ip link set NIC down}) and up
 * again, by its name in {@link Topology} ({@link Topology#MANAGEMENT_NIC}, {@link
 * Topology#REPLICATION_NIC}, {@link Topology#PORTAL_NIC}, {@link Topology#clientNicTowards}).
 *
 * <p>The guest sees the link go away: its sends on that NIC fail at once and its peers hear nothing
 * more, as with a pulled cable. The NIC keeps its address, and the kernel restores the link's
 * subnet route when it comes up, so {@link #up} undoes {@link #down} completely.
 */
public final class GuestNetwork {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final Vm vm;

  GuestNetwork(Vm vm) {
    this.vm = vm;
  }

  /** The guest's NIC names, in PCI order. */
  public List<String> nics() {
    return vm.spec().nics().stream().map(Nic::guestName).toList();
  }

  /** Takes the NICs down; the guest stops sending and receiving on them. */
  public void down(String... nics) {
    for (String nic : nics) {
      vm.execOk(List.of("ip", "link", "set", checked(nic), "down"), COMMAND_TIMEOUT);
    }
  }

  /** Brings the NICs up again with their addresses. */
  public void up(String... nics) {
    for (String nic : nics) {
      vm.execOk(List.of("ip", "link", "set", checked(nic), "up"), COMMAND_TIMEOUT);
    }
  }

  /** Whether the NIC is administratively up (what {@link #down} and {@link #up} change). */
  public boolean isUp(String nic) {
    String flags = vm.readString("/sys/class/net/" + checked(nic) + "/flags").strip();
    return (Long.decode(flags) & 0x1) != 0; // IFF_UP
  }

  private String checked(String nic) {
    if (!nics().contains(nic)) {
      throw new IllegalArgumentException(
          vm.name() + " has no NIC " + nic + " (has " + nics() + ")");
    }
    return nic;
  }
}

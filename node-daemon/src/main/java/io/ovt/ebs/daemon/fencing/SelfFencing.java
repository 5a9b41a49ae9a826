package io.ovt.ebs.daemon.fencing;

import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.Role;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Which resources the node must fence, decided from the lease and one DRBD status read. Pure. */
public final class SelfFencing {
  private SelfFencing() {}

  /**
   * True when the watchdog must read DRBD's state: only while the lease is ending or over, so a
   * node whose lease is renewed in time runs no command at all for fencing.
   */
  public static boolean mustLook(LeaseState lease) {
    return lease.mustFence();
  }

  /**
   * The primaries to fence now: the lease is ending or over, and the resource is Primary without a
   * connection to its peer. A primary whose peer is still connected is left serving: its peer sees
   * it and is never promoted while it does. Resources already fenced are left out.
   */
  public static List<DrbdResourceStatus> toFence(
      LeaseState lease, Collection<DrbdResourceStatus> status, Set<String> alreadyFenced) {
    if (!lease.mustFence()) {
      return List.of();
    }
    return status.stream()
        .filter(SelfFencing::isIsolatedPrimary)
        .filter(s -> !alreadyFenced.contains(s.name()))
        .toList();
  }

  /**
   * Volumes a previous daemon left fenced: Primary, I/O suspended and without their peer, and not
   * held by an I/O suspension of this daemon (a snapshot's). A new daemon takes them over as held.
   */
  public static List<String> leftFenced(
      Collection<DrbdResourceStatus> status, Set<String> suspendedForSnapshots) {
    return status.stream()
        .filter(s -> s.ioSuspended() && isIsolatedPrimary(s))
        .map(DrbdResourceStatus::name)
        .filter(name -> !suspendedForSnapshots.contains(name))
        .sorted()
        .toList();
  }

  private static boolean isIsolatedPrimary(DrbdResourceStatus s) {
    return s.role() == Role.PRIMARY && s.connection() != ConnectionState.Connected;
  }
}

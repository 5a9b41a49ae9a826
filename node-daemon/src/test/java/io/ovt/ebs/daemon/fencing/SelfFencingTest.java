package io.ovt.ebs.daemon.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which resources a node fences, from its lease and one DRBD status read. */
class SelfFencingTest {
  private static final long MS = 1_000_000;
  private static final Duration LEASE = Duration.ofSeconds(10);
  private static final LeaseState VALID = LeaseState.at(0, 0, LEASE);
  private static final LeaseState ENDING = LeaseState.at(9_500 * MS, 0, LEASE);
  private static final LeaseState EXPIRED = LeaseState.at(60_000 * MS, 0, LEASE);

  private static final DrbdResourceStatus CONNECTED_PRIMARY =
      status("connected", Role.PRIMARY, ConnectionState.Connected, false);
  private static final DrbdResourceStatus LOST_PRIMARY =
      status("lost", Role.PRIMARY, ConnectionState.Connecting, false);
  private static final DrbdResourceStatus ALONE_PRIMARY =
      status("alone", Role.PRIMARY, ConnectionState.StandAlone, false);
  private static final DrbdResourceStatus LOST_SECONDARY =
      status("secondary", Role.SECONDARY, ConnectionState.Connecting, false);
  private static final List<DrbdResourceStatus> ALL =
      List.of(CONNECTED_PRIMARY, LOST_PRIMARY, ALONE_PRIMARY, LOST_SECONDARY);

  @Test
  void anUnarmedOrValidLeaseFencesNothingAndNeedsNoRead() {
    for (LeaseState lease : List.of(LeaseState.unarmed(), VALID)) {
      assertThat(SelfFencing.mustLook(lease)).isFalse();
      assertThat(SelfFencing.toFence(lease, ALL, Set.of())).isEmpty();
    }
  }

  @Test
  void withinTheMarginOrPastTheEndEveryPrimaryWithoutItsPeerIsFenced() {
    for (LeaseState lease : List.of(ENDING, EXPIRED)) {
      assertThat(SelfFencing.mustLook(lease)).isTrue();
      assertThat(SelfFencing.toFence(lease, ALL, Set.of()))
          .as("a connected peer is never promoted; a secondary takes no writes")
          .containsExactly(LOST_PRIMARY, ALONE_PRIMARY);
    }
  }

  @Test
  void aVolumeAlreadyFencedIsNotFencedAgain() {
    assertThat(SelfFencing.toFence(EXPIRED, ALL, Set.of("lost"))).containsExactly(ALONE_PRIMARY);
  }

  @Test
  void aNewDaemonTakesOverHeldPrimariesWithoutTheirPeerButNotSnapshotHoldsOrConnectedOnes() {
    List<DrbdResourceStatus> atStart =
        List.of(
            status("held", Role.PRIMARY, ConnectionState.Connecting, true),
            status("held-connected", Role.PRIMARY, ConnectionState.Connected, true),
            status("snapshot", Role.PRIMARY, ConnectionState.Connecting, true),
            LOST_PRIMARY);
    assertThat(SelfFencing.leftFenced(atStart, Set.of("snapshot"))).containsExactly("held");
  }

  private static DrbdResourceStatus status(
      String name, Role role, ConnectionState connection, boolean suspended) {
    boolean connected = connection == ConnectionState.Connected;
    return new DrbdResourceStatus(
        name,
        1000,
        role,
        DiskState.UpToDate,
        connection,
        connected ? ReplicationState.Established : ReplicationState.Off,
        connected ? Role.SECONDARY : null,
        connected ? DiskState.UpToDate : DiskState.DUnknown,
        null,
        true,
        1L << 30,
        null,
        suspended,
        new DrbdResourceStatus.InFlight(0, 0, 0, 0));
  }
}

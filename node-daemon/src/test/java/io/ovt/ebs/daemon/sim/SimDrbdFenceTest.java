package io.ovt.ebs.daemon.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.DrbdProtocol;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What self-fencing relies on in simulated DRBD: suspended I/O holds writes, a forced detach makes
 * them fail, and a split-brain victim that discards its data resyncs from the survivor.
 */
class SimDrbdFenceTest {
  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;
  private static final String TAG = "ebs.ovt.io";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SimulatedNetwork network = new SimulatedNetwork(clock);
  private final SimulatedHost a =
      new SimulatedHost(network, "hci-0001", "10.0.10.21", "volumes", 20 * GIB, "pool", 8 * GIB);
  private final SimulatedHost b =
      new SimulatedHost(network, "hci-0002", "10.0.10.22", "volumes", 20 * GIB, "pool", 8 * GIB);

  /** r1 up on both, in sync, primary on a. */
  @BeforeEach
  void primaryOnA() throws StorageException {
    for (SimulatedHost[] pair : new SimulatedHost[][] {{a, b}, {b, a}}) {
      pair[0].lvm().createThick("r1", GIB, Set.of(TAG));
      pair[0].drbd().writeConfig(config(pair[0], pair[1]));
      pair[0].drbd().ensureMetadata("r1");
      pair[0].drbd().up("r1");
    }
    a.drbd().skipInitialSync("r1");
    a.drbd().primary("r1", false);
    a.write("r1", 0, MIB, "before");
  }

  @Test
  void suspendedIoHoldsWritesUntilResumeLandsThemOnBothSides() throws StorageException {
    a.drbd().suspendIo("r1");
    SimWrite held = a.submitWrite("r1", MIB, MIB, "held");
    assertThat(held.state()).isEqualTo(SimWrite.State.HELD);
    assertThat(a.read("r1")).containsExactly("before");
    assertThatThrownBy(() -> a.write("r1", 2 * MIB, MIB, "blocking"))
        .hasMessageContaining("would block");
    a.drbd().resumeIo("r1");
    assertThat(held.acknowledged()).isTrue();
    assertThat(a.read("r1")).containsExactly("before", "held");
    assertThat(b.read("r1")).containsExactly("before", "held");
  }

  @Test
  void aPrimaryWithoutItsPeerDetachesOnlyByForceAndThenHeldWritesFail() throws StorageException {
    network.cut("10.0.10.21", "10.0.10.22");
    a.drbd().suspendIo("r1");
    SimWrite held = a.submitWrite("r1", MIB, MIB, "never acknowledged");
    assertThatThrownBy(() -> a.drbd().detach("r1", false))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_CHANGE_REFUSED))
        .hasMessageContaining("Need access to UpToDate data");
    a.drbd().detach("r1", true);
    assertThat(status(a).disk()).isEqualTo(DiskState.Diskless);
    assertThat(held.state()).as("held until resumed").isEqualTo(SimWrite.State.HELD);
    a.drbd().resumeIo("r1");
    assertThat(held.state()).isEqualTo(SimWrite.State.FAILED);
    assertThat(held.error()).contains("neither local nor remote data");
    assertThat(a.submitWrite("r1", 0, MIB, "later").state()).isEqualTo(SimWrite.State.FAILED);
    assertThat(a.read("r1")).containsExactly("before");
  }

  @Test
  void theFencedSideDiscardsItsDataAndResyncsFromThePromotedPeer() throws StorageException {
    network.cut("10.0.10.21", "10.0.10.22");
    a.write("r1", MIB, MIB, "alone on a"); // acknowledged before a fenced itself
    b.drbd().primary("r1", false);
    b.write("r1", 2 * MIB, MIB, "on b after failover");
    a.drbd().detach("r1", true);
    a.drbd().secondary("r1");
    a.drbd().disconnect("r1");
    a.drbd().attach("r1");
    assertThat(status(a).disk()).isEqualTo(DiskState.UpToDate);
    assertThat(status(a).connection()).isEqualTo(ConnectionState.StandAlone);
    a.drbd().connect("r1", true);
    assertThat(status(a).connection()).isEqualTo(ConnectionState.Connecting);
    network.heal("10.0.10.21", "10.0.10.22");
    assertThat(status(a).replication()).isEqualTo(ReplicationState.SyncTarget);
    assertThat(status(b).replication()).isEqualTo(ReplicationState.SyncSource);
    clock.advance(Duration.ofSeconds(20));
    assertThat(status(a).disk()).isEqualTo(DiskState.UpToDate);
    assertThat(a.read("r1")).containsExactly("before", "on b after failover");
  }

  @Test
  void withoutDiscardingEitherSideTheReturningPrimaryIsASplitBrain() throws StorageException {
    network.cut("10.0.10.21", "10.0.10.22");
    b.drbd().primary("r1", false);
    a.drbd().secondary("r1");
    network.heal("10.0.10.21", "10.0.10.22");
    assertThat(status(a).connection()).isEqualTo(ConnectionState.StandAlone);
    assertThat(status(b).connection()).isEqualTo(ConnectionState.StandAlone);
    assertThatThrownBy(() -> b.drbd().connect("r1", true))
        .hasMessageContaining("--discard-my-data not allowed when primary");
    a.drbd().connect("r1", true);
    b.drbd().connect("r1", false);
    assertThat(status(b).replication()).isEqualTo(ReplicationState.SyncSource);
    assertThatThrownBy(() -> b.drbd().connect("r1", false)).hasMessageContaining("net-config");
  }

  @Test
  void attachRefusesADiskThatIsThereAndAdjustAttachesADetachedOne() throws StorageException {
    assertThatThrownBy(() -> b.drbd().attach("r1"))
        .hasMessageContaining("(124) Device is attached to a disk");
    b.drbd().detach("r1", false); // a secondary may go Diskless
    assertThat(status(b).disk()).isEqualTo(DiskState.Diskless);
    a.write("r1", MIB, MIB, "while b is diskless");
    b.drbd().adjust("r1");
    assertThat(status(b).disk()).isEqualTo(DiskState.UpToDate);
    assertThat(status(b).replication()).isEqualTo(ReplicationState.Established);
  }

  @Test
  void aDetachCanBeMadeToFail() throws StorageException {
    a.faults().failNext(SimOperation.DRBD_DETACH, "timed out");
    assertThatThrownBy(() -> a.drbd().detach("r1", true)).hasMessageContaining("timed out");
    assertThat(status(a).disk()).isEqualTo(DiskState.UpToDate);
    assertThat(status(a).role()).isEqualTo(Role.PRIMARY);
  }

  @Test
  void aLeasedPrimaryLosingItsPeerHoldsWritesWithProtocolCButNotWithA() throws Exception {
    a.leaseStore().save(Duration.ofMinutes(1));
    network.cut("10.0.10.21", "10.0.10.22");
    SimWrite held = a.submitWrite("r1", MIB, MIB, "held");
    assertThat(held.state()).as("resource-and-stonith").isEqualTo(SimWrite.State.HELD);
    assertThat(status(a).peerFencedAt()).isNotNull();

    // protocol A renders fencing resource-only: the loss is recorded, the I/O goes on
    for (SimulatedHost[] pair : new SimulatedHost[][] {{a, b}, {b, a}}) {
      pair[0].lvm().createThick("r2", GIB, Set.of(TAG));
      pair[0].drbd().writeConfig(config(pair[0], pair[1], "r2", DrbdProtocol.A));
      pair[0].drbd().ensureMetadata("r2");
      pair[0].drbd().up("r2");
    }
    network.heal("10.0.10.21", "10.0.10.22");
    a.drbd().skipInitialSync("r2");
    a.drbd().primary("r2", false);
    network.cut("10.0.10.21", "10.0.10.22");
    SimWrite async = a.submitWrite("r2", 0, MIB, "async");
    assertThat(async.acknowledged()).isTrue();
    DrbdResourceStatus r2 =
        a.drbd().status().stream().filter(s -> s.name().equals("r2")).findFirst().orElseThrow();
    assertThat(r2.peerFencedAt()).isNotNull();
  }

  private DrbdResourceStatus status(SimulatedHost host) throws StorageException {
    return host.drbd().status().get(0);
  }

  private static DrbdResourceConfig config(SimulatedHost self, SimulatedHost peer) {
    return config(self, peer, "r1", DrbdProtocol.C);
  }

  private static DrbdResourceConfig config(
      SimulatedHost self, SimulatedHost peer, String name, DrbdProtocol protocol) {
    return new DrbdResourceConfig(
        name,
        name.equals("r1") ? 1000 : 1001,
        name.equals("r1") ? 7001 : 7002,
        protocol,
        new DrbdResourceConfig.Endpoint(
            self.hostname(), self.replicationAddress(), "/dev/volumes/" + name),
        new DrbdResourceConfig.Endpoint(peer.hostname(), peer.replicationAddress(), null),
        100 * 1024);
  }
}

package io.ovt.ebs.daemon.fencing;

import static io.ovt.ebs.daemon.converge.TwoHosts.GIB;
import static io.ovt.ebs.daemon.converge.TwoHosts.export;
import static io.ovt.ebs.daemon.converge.TwoHosts.replicated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.NodeService;
import io.ovt.ebs.daemon.converge.TwoHosts;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.sim.SimWrite;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.IoSuspension;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fenced primary leaves the fence on its next PUT: as a secondary that gives up what it held and
 * resyncs from the promoted peer, or as the primary again once the lease is renewed.
 */
class LeavingTheFenceTest {
  private static final long MIB = 1L << 20;
  private static final Duration LEASE = Duration.ofSeconds(10);

  private final TwoHosts hosts = new TwoHosts();
  private final AtomicLong nanos = new AtomicLong();
  private NodeService onA;
  private SimWrite held;

  private static DesiredVolume onA(Role role) {
    return role == Role.PRIMARY
        ? replicated(
            "v1", GIB, Provisioning.THIN, true, Role.PRIMARY, InitialSync.ZEROED, export("v1"))
        : replicated("v1", GIB, Provisioning.THIN, true, Role.SECONDARY, InitialSync.ZEROED);
  }

  private static DesiredVolume onB(Role role) {
    return role == Role.PRIMARY
        ? replicated(
            "v1", GIB, Provisioning.THIN, false, Role.PRIMARY, InitialSync.ZEROED, export("v1"))
        : replicated("v1", GIB, Provisioning.THIN, false, Role.SECONDARY, InitialSync.ZEROED);
  }

  /** v1 primary on a, whose daemon has a lease; the link is cut, a fences, a write is held. */
  @BeforeEach
  void fencedOnA() throws StorageException {
    onA =
        new NodeService(
            "hci-0001@EBS",
            hosts.a,
            hosts.layoutA,
            Clock.systemUTC(),
            new FencingSettings(LeaseStore.inMemory(), nanos::get, null));
    hosts.onB.converge(onB(Role.SECONDARY));
    onA.converge(onA(Role.PRIMARY));
    hosts.a.write("v1", 0, MIB, "replicated");
    onA.renewLease(LEASE);
    hosts.network.cut("10.0.10.21", "10.0.10.22");
    hosts.a.write("v1", MIB, MIB, "alone on a, before the fence");
    nanos.addAndGet(LEASE.toNanos());
    assertThat(onA.fencing().check()).containsExactly("v1");
    held = hosts.a.submitWrite("v1", 2 * MIB, MIB, "held by the fence");
    assertThat(onA.volume("v1").orElseThrow().drbd().fenced()).isTrue();
  }

  @AfterEach
  void close() {
    onA.close();
  }

  @Test
  void asSecondaryTheHeldWritesFailAndTheVolumeResyncsFromThePromotedPeer()
      throws StorageException {
    hosts.onB.converge(onB(Role.PRIMARY));
    hosts.b.write("v1", 3 * MIB, MIB, "on b after the failover");
    ObservedVolume left = onA.converge(onA(Role.SECONDARY));
    assertThat(held.state()).as("never acknowledged").isEqualTo(SimWrite.State.FAILED);
    assertThat(left.drbd().role()).isEqualTo(Role.SECONDARY);
    assertThat(left.drbd().fenced()).isFalse();
    assertThat(left.exports()).isEmpty();
    assertThat(left.drbd().disk()).as("attached again").isNotEqualTo(DiskState.Diskless);
    assertThat(onA.renewLease(LEASE).fencedVolumes()).isEmpty();
    hosts.network.heal("10.0.10.21", "10.0.10.22");
    assertThat(onA.volume("v1").orElseThrow().drbd().replication())
        .isEqualTo(ReplicationState.SyncTarget);
    hosts.clock.advance(Duration.ofSeconds(20));
    assertThat(onA.volume("v1").orElseThrow().drbd().disk()).isEqualTo(DiskState.UpToDate);
    assertThat(hosts.a.read("v1"))
        .containsExactly("replicated", "on b after the failover")
        .isEqualTo(hosts.b.read("v1"));
  }

  @Test
  void whenTheLinkHealedBeforeTheExitBothRejoinOnceThePeerIsToldAgain() throws StorageException {
    hosts.onB.converge(onB(Role.PRIMARY));
    hosts.network.heal("10.0.10.21", "10.0.10.22");
    assertThat(hosts.b.drbd().status().get(0).connection())
        .as("two primaries that both wrote: a split brain")
        .isEqualTo(ConnectionState.StandAlone);
    onA.converge(onA(Role.SECONDARY));
    assertThat(held.state()).isEqualTo(SimWrite.State.FAILED);
    hosts.onB.converge(onB(Role.PRIMARY)); // the operator's next reconcile connects b again
    assertThat(onA.volume("v1").orElseThrow().drbd().replication())
        .isEqualTo(ReplicationState.SyncTarget);
  }

  @Test
  void asPrimaryItServesAgainOnlyOnceTheLeaseIsRenewed() throws StorageException {
    assertThatThrownBy(() -> onA.converge(onA(Role.PRIMARY)))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_CHANGE_REFUSED))
        .hasMessageContaining("Renew the lease");
    assertThat(held.state()).isEqualTo(SimWrite.State.HELD);
    assertThat(onA.renewLease(LEASE).fencedVolumes()).containsExactly("v1");
    ObservedVolume serving = onA.converge(onA(Role.PRIMARY));
    assertThat(held.acknowledged()).isTrue();
    assertThat(serving.drbd().fenced()).isFalse();
    assertThat(serving.drbd().role()).isEqualTo(Role.PRIMARY);
    assertThat(serving.exports()).hasSize(1);
    hosts.network.heal("10.0.10.21", "10.0.10.22");
    assertThat(onA.volume("v1").orElseThrow().drbd().replication())
        .isEqualTo(ReplicationState.SyncSource);
    hosts.clock.advance(Duration.ofSeconds(20));
    assertThat(onA.volume("v1").orElseThrow().drbd().peerDisk()).isEqualTo(DiskState.UpToDate);
    assertThat(hosts.b.read("v1"))
        .as("no failover: b resynced from a")
        .containsExactly("replicated", "alone on a, before the fence", "held by the fence");
  }

  @Test
  void removingAFencedVolumeIsRefusedWhileExportedAndOtherwiseFailsItsHeldWritesFirst()
      throws StorageException {
    assertThatThrownBy(() -> onA.remove("v1"))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_IN_USE));
    assertThat(onA.fencing().held()).containsExactly("v1");
    assertThat(held.state()).isEqualTo(SimWrite.State.HELD);
    onA.renewLease(LEASE);
    onA.converge(replicated("v1", GIB, Provisioning.THIN, true, Role.PRIMARY, InitialSync.ZEROED));
    nanos.addAndGet(LEASE.toNanos());
    assertThat(onA.fencing().check()).as("unexported, and fenced again").containsExactly("v1");
    SimWrite last = hosts.a.submitWrite("v1", 0, MIB, "held at removal");
    onA.remove("v1");
    assertThat(last.state()).isEqualTo(SimWrite.State.FAILED);
    assertThat(onA.volume("v1")).isEmpty();
    assertThat(onA.renewLease(LEASE).fencedVolumes()).isEmpty();
  }

  @Test
  void aSnapshotSuspensionEndingOnAFencedVolumeLeavesItHeld() throws StorageException {
    onA.renewLease(LEASE);
    assertThatThrownBy(() -> onA.suspendIo("v1", Duration.ofSeconds(5)))
        .hasMessageContaining("fenced");
    onA.converge(onA(Role.PRIMARY)); // served again
    IoSuspension forSnapshot = onA.suspendIo("v1", Duration.ofSeconds(5));
    nanos.addAndGet(LEASE.toNanos());
    assertThat(onA.fencing().check()).containsExactly("v1");
    assertThat(onA.resumeIo("v1", forSnapshot.id())).isTrue();
    assertThat(hosts.a.drbd().status().get(0).ioSuspended()).isTrue();
  }
}

package io.ovt.ebs.daemon.converge;

import static io.ovt.ebs.daemon.converge.TwoHosts.GIB;
import static io.ovt.ebs.daemon.converge.TwoHosts.export;
import static io.ovt.ebs.daemon.converge.TwoHosts.replicated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.sim.SimOperation;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Online extend on simulated hosts: both LVs grow, then the primary grows the DRBD device, and the
 * exported device has the new size. Failures and restarts in the middle are finished by the next
 * converge; a converged volume runs nothing more.
 */
class ExtendTest {
  private static final long MIB = 1L << 20;

  private final TwoHosts hosts = new TwoHosts();

  @ParameterizedTest
  @EnumSource(Provisioning.class)
  void growingBothReplicasGrowsTheExportedDeviceToAtLeastTheNewSize(Provisioning provisioning)
      throws StorageException {
    inSync(provisioning, GIB);
    ObservedVolume secondary = hosts.onB.converge(secondary(provisioning, 3 * GIB));
    assertThat(secondary.capacityBytes()).as("the secondary never resizes").isLessThan(3 * GIB);
    ObservedVolume primary = hosts.onA.converge(primary(provisioning, 3 * GIB));
    assertThat(primary.capacityBytes()).isGreaterThanOrEqualTo(3 * GIB);
    assertThat(primary.exports()).hasSize(1);
    assertThat(primary.drbd().replication())
        .as("the grown area is sent to the peer")
        .isEqualTo(ReplicationState.SyncSource);
    hosts.clock.advance(Duration.ofMinutes(1));
    ObservedVolume settled = hosts.onA.converge(primary(provisioning, 3 * GIB));
    assertThat(settled.drbd().peerDisk()).isEqualTo(DiskState.UpToDate);
    assertThat(hosts.onB.observe("v1").orElseThrow().capacityBytes())
        .isEqualTo(settled.capacityBytes());
    assertThat(hosts.a.targets().list())
        .singleElement()
        .satisfies(t -> assertThat(t.devicePath()).isEqualTo("/dev/drbd1000"));
    convergingAgainRunsNothing(settled, provisioning, 3 * GIB);
  }

  @ParameterizedTest
  @ValueSource(longs = {4 * MIB, 100 * MIB, GIB, 10 * GIB, 10 * GIB + 4 * MIB, 123_456_789})
  void aReplicatedLvHoldsTheRequestedSizePlusDrbdMetadataInWholeExtents(long requested)
      throws StorageException {
    hosts.onB.converge(
        replicated("v1", requested, Provisioning.THIN, false, Role.SECONDARY, InitialSync.ZEROED));
    ObservedVolume primary =
        hosts.onA.converge(
            replicated("v1", requested, Provisioning.THIN, true, Role.PRIMARY, InitialSync.ZEROED));
    long lv = primary.lv().sizeBytes();
    assertThat(primary.capacityBytes()).isGreaterThanOrEqualTo(requested);
    assertThat(lv % (4 * MIB)).isZero();
    assertThat(lv - 4 * MIB - DrbdConfigs.metadataBytes(lv - 4 * MIB))
        .as("one extent less would not hold the requested size")
        .isLessThan(requested);
  }

  @ParameterizedTest
  @EnumSource(Provisioning.class)
  void aVolumeThatIsNotReplicatedGrowsItsLvToTheSizeAsked(Provisioning provisioning)
      throws StorageException {
    hosts.onA.converge(new DesiredVolume("v1", GIB, provisioning, null, List.of(export("v1"))));
    ObservedVolume grown =
        hosts.onA.converge(
            new DesiredVolume("v1", 2 * GIB, provisioning, null, List.of(export("v1"))));
    assertThat(grown.lv().sizeBytes()).isEqualTo(2 * GIB);
    assertThat(grown.capacityBytes()).isEqualTo(2 * GIB);
    assertThat(grown.exports()).hasSize(1);
  }

  @Test
  void thePrimaryWaitsForItsPeersLvAndGrowsOnceItHas() throws StorageException {
    inSync(Provisioning.THICK, GIB);
    long before = hosts.onA.observe("v1").orElseThrow().capacityBytes();
    ObservedVolume alone = hosts.onA.converge(primary(Provisioning.THICK, 2 * GIB));
    assertThat(alone.lv().sizeBytes()).isGreaterThan(2 * GIB);
    assertThat(alone.capacityBytes()).as("DRBD keeps the smaller side's size").isEqualTo(before);
    hosts.onB.converge(secondary(Provisioning.THICK, 2 * GIB));
    ObservedVolume grown = hosts.onA.converge(primary(Provisioning.THICK, 2 * GIB));
    assertThat(grown.capacityBytes()).isGreaterThanOrEqualTo(2 * GIB);
  }

  @Test
  void anExtendInterruptedAfterOneLvGrewIsFinishedAfterARestart() throws StorageException {
    inSync(Provisioning.THICK, GIB);
    hosts.onB.converge(secondary(Provisioning.THICK, 2 * GIB));
    hosts.a.faults().failNext(SimOperation.LV_EXTEND, "  Internal error: the daemon was stopped");
    assertThatThrownBy(() -> hosts.onA.converge(primary(Provisioning.THICK, 2 * GIB)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("lvextend");
    assertThat(hosts.a.lvm().report().lv("v1").orElseThrow().sizeBytes())
        .isLessThan(hosts.b.lvm().report().lv("v1").orElseThrow().sizeBytes());
    // A new converger is what a restarted daemon has: nothing but what the host shows.
    Converger restarted = new Converger(hosts.a, hosts.layoutA);
    hosts.onB.converge(secondary(Provisioning.THICK, 2 * GIB));
    ObservedVolume grown = restarted.converge(primary(Provisioning.THICK, 2 * GIB));
    assertThat(grown.capacityBytes()).isGreaterThanOrEqualTo(2 * GIB);
    assertThat(grown.lv().sizeBytes())
        .isEqualTo(hosts.b.lvm().report().lv("v1").orElseThrow().sizeBytes());
  }

  @Test
  void aFailedDrbdResizeIsRetriedByTheNextConverge() throws StorageException {
    inSync(Provisioning.THIN, GIB);
    hosts.onB.converge(secondary(Provisioning.THIN, 2 * GIB));
    hosts.a.faults().failAlways(SimOperation.DRBD_RESIZE, "resize: Failure: (111) Low.dev.");
    assertThatThrownBy(() -> hosts.onA.converge(primary(Provisioning.THIN, 2 * GIB)))
        .hasMessageContaining("drbdadm resize");
    assertThat(hosts.onA.observe("v1").orElseThrow().capacityBytes()).isLessThan(2 * GIB);
    hosts.a.faults().clear();
    ObservedVolume grown = hosts.onA.converge(primary(Provisioning.THIN, 2 * GIB));
    assertThat(grown.capacityBytes()).isGreaterThanOrEqualTo(2 * GIB);
  }

  @Test
  void noResizeDuringTheInitialSyncButRightAfterIt() throws StorageException {
    hosts.onB.converge(secondary(Provisioning.THICK, GIB));
    hosts.onA.converge(primary(Provisioning.THICK, GIB));
    hosts.onB.converge(secondary(Provisioning.THICK, 2 * GIB));
    ObservedVolume syncing = hosts.onA.converge(primary(Provisioning.THICK, 2 * GIB));
    assertThat(syncing.drbd().replication()).isEqualTo(ReplicationState.SyncSource);
    assertThat(syncing.capacityBytes()).isLessThan(2 * GIB);
    hosts.clock.advance(Duration.ofMinutes(1));
    assertThat(hosts.onA.converge(primary(Provisioning.THICK, 2 * GIB)).capacityBytes())
        .isGreaterThanOrEqualTo(2 * GIB);
  }

  @Test
  void aThickVolumeWithACowSnapshotIsRefusedBeforeAnythingGrows() throws StorageException {
    inSync(Provisioning.THICK, GIB);
    hosts.b.lvm().createSnapshot("v1", "v1-snap", 256 * MIB, Set.of(HostLayout.DEFAULT_TAG));
    long lvBefore = hosts.b.lvm().report().lv("v1").orElseThrow().sizeBytes();
    assertThatThrownBy(() -> hosts.onB.converge(secondary(Provisioning.THICK, 2 * GIB)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("cannot grow while it has snapshots (v1-snap)")
        .satisfies(e -> assertThat(((StorageException) e).command()).isEmpty());
    assertThat(hosts.b.lvm().report().lv("v1").orElseThrow().sizeBytes()).isEqualTo(lvBefore);
  }

  @Test
  void aThinVolumeWithAThinSnapshotGrows() throws StorageException {
    inSync(Provisioning.THIN, GIB);
    hosts.b.lvm().createSnapshot("v1", "v1-snap", 0, Set.of(HostLayout.DEFAULT_TAG));
    hosts.onB.converge(secondary(Provisioning.THIN, 2 * GIB));
    assertThat(hosts.onA.converge(primary(Provisioning.THIN, 2 * GIB)).capacityBytes())
        .isGreaterThanOrEqualTo(2 * GIB);
  }

  @Test
  void shrinkingAReplicatedVolumeIsRefusedOnEitherSide() throws StorageException {
    inSync(Provisioning.THICK, 2 * GIB);
    assertThatThrownBy(() -> hosts.onB.converge(secondary(Provisioning.THICK, GIB)))
        .hasMessageContaining("shrinking");
    assertThatThrownBy(() -> hosts.onA.converge(primary(Provisioning.THICK, GIB)))
        .hasMessageContaining("shrinking");
    assertThat(hosts.onA.observe("v1").orElseThrow().capacityBytes())
        .isGreaterThanOrEqualTo(2 * GIB);
  }

  private void inSync(Provisioning provisioning, long size) throws StorageException {
    hosts.onB.converge(secondary(provisioning, size));
    hosts.onA.converge(primary(provisioning, size));
    hosts.clock.advance(Duration.ofMinutes(1));
    hosts.onA.converge(primary(provisioning, size));
    hosts.onB.converge(secondary(provisioning, size));
  }

  private void convergingAgainRunsNothing(
      ObservedVolume settled, Provisioning provisioning, long size) throws StorageException {
    for (SimOperation operation : SimOperation.values()) {
      hosts.a.faults().failAlways(operation, "must not run");
      hosts.b.faults().failAlways(operation, "must not run");
    }
    hosts.onB.converge(secondary(provisioning, size));
    assertThat(hosts.onA.converge(primary(provisioning, size))).isEqualTo(settled);
    hosts.a.faults().clear();
    hosts.b.faults().clear();
  }

  private static InitialSync initial(Provisioning provisioning) {
    return provisioning == Provisioning.THIN ? InitialSync.ZEROED : InitialSync.FULL;
  }

  private static DesiredVolume primary(Provisioning provisioning, long size) {
    return replicated(
        "v1", size, provisioning, true, Role.PRIMARY, initial(provisioning), export("v1"));
  }

  private static DesiredVolume secondary(Provisioning provisioning, long size) {
    return replicated("v1", size, provisioning, false, Role.SECONDARY, initial(provisioning));
  }
}

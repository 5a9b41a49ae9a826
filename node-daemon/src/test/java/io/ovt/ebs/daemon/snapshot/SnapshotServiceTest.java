package io.ovt.ebs.daemon.snapshot;

import static io.ovt.ebs.daemon.converge.TwoHosts.GIB;
import static io.ovt.ebs.daemon.converge.TwoHosts.replicated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.daemon.converge.TwoHosts;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvKind;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.IoSuspension;
import io.ovt.ebs.nodeapi.ObservedSnapshot;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.Role;
import io.ovt.ebs.nodeapi.SnapshotRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Snapshots on simulated hosts: both replicas at one point, with LVM's and DRBD's refusals. */
class SnapshotServiceTest {
  private final TwoHosts hosts = new TwoHosts();
  private final IoSuspensions heldOnA = new IoSuspensions(hosts.a.drbd(), hosts.clock);
  private final IoSuspensions heldOnB = new IoSuspensions(hosts.b.drbd(), hosts.clock);
  private final SnapshotService onA =
      new SnapshotService(hosts.a, hosts.layoutA, hosts.onA, heldOnA);
  private final SnapshotService onB =
      new SnapshotService(hosts.b, hosts.layoutB, hosts.onB, heldOnB);

  @AfterEach
  void close() {
    heldOnA.close();
    heldOnB.close();
  }

  /** A replicated volume, primary on A, in sync. */
  private void replicatedInSync(String name, Provisioning provisioning) throws StorageException {
    hosts.onB.converge(
        replicated(name, GIB, provisioning, false, Role.SECONDARY, InitialSync.FULL));
    hosts.onA.converge(replicated(name, GIB, provisioning, true, Role.PRIMARY, InitialSync.FULL));
    hosts.clock.advance(Duration.ofMinutes(5));
    hosts.onA.converge(replicated(name, GIB, provisioning, true, Role.PRIMARY, InitialSync.FULL));
  }

  private static DrbdResourceStatus drbd(SimulatedHost host, String name) throws StorageException {
    return host.drbd().status().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void bothReplicasAreSnapshottedWhileThePrimaryHoldsItsIo() throws StorageException {
    replicatedInSync("v1", Provisioning.THICK);
    IoSuspension held = onA.suspendIo("v1", Duration.ofSeconds(10));
    assertThat(drbd(hosts.a, "v1").ioSuspended()).isTrue();

    ObservedSnapshot onSecondary = onB.create("v1", new SnapshotRequest("s1", null));
    ObservedSnapshot onPrimary = onA.create("v1", new SnapshotRequest("s1", held.id()));
    assertThat(onA.resumeIo("v1", held.id())).as("held throughout").isTrue();
    assertThat(drbd(hosts.a, "v1").ioSuspended()).isFalse();

    long device = drbd(hosts.a, "v1").sizeBytes();
    for (ObservedSnapshot s : List.of(onSecondary, onPrimary)) {
      assertThat(s.origin()).isEqualTo("v1");
      assertThat(s.provisioning()).isEqualTo(Provisioning.THICK);
      assertThat(s.dataBytes()).as("the DRBD device's size").isEqualTo(device);
      assertThat(s.sizeBytes()).as("a COW area that can never overflow").isEqualTo(GIB);
    }
    LogicalVolume lv = hosts.a.lvm().report().lv("s1").orElseThrow();
    assertThat(lv.kind()).isEqualTo(LvKind.SNAPSHOT);
    assertThat(lv.tags()).contains("ebs.ovt.io", "ebs.ovt.io-snapshot");
  }

  @Test
  void thinVolumesGetThinSnapshotsAndVolumesWithoutReplicationNeedNoSuspension()
      throws StorageException {
    replicatedInSync("v1", Provisioning.THIN);
    assertThat(onB.create("v1", new SnapshotRequest("s1", null)).provisioning())
        .isEqualTo(Provisioning.THIN);
    hosts.onA.converge(new DesiredVolume("solo", GIB, Provisioning.THICK, null, List.of()));
    ObservedSnapshot solo = onA.create("solo", new SnapshotRequest("s2", null));
    assertThat(solo.dataBytes()).isEqualTo(GIB);
    assertThat(onA.create("solo", new SnapshotRequest("s2", null)))
        .as("taking it again is success")
        .isEqualTo(solo);
  }

  @Test
  void aSnapshotUnderASuspensionThatEndedIsRefusedAndNothingIsCreated() throws StorageException {
    replicatedInSync("v1", Provisioning.THICK);
    IoSuspension held = onA.suspendIo("v1", Duration.ofSeconds(10));
    assertThat(onA.resumeIo("v1", held.id())).isTrue();
    assertThatThrownBy(() -> onA.create("v1", new SnapshotRequest("s1", held.id())))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SUSPENSION_ENDED))
        .hasMessageContaining("take both snapshots again");
    assertThat(hosts.a.lvm().report().lv("s1")).isEmpty();
  }

  @Test
  void aForgottenSuspensionEndsByItselfAndTheLateReleaseSaysSo() throws StorageException {
    replicatedInSync("v1", Provisioning.THICK);
    IoSuspension held = onA.suspendIo("v1", Duration.ofMillis(200));
    await().atMost(Duration.ofSeconds(5)).until(() -> !drbd(hosts.a, "v1").ioSuspended());
    assertThat(onA.resumeIo("v1", held.id())).isFalse();
  }

  @Test
  void aRestartedDaemonResumesIoItsPredecessorLeftSuspended() throws StorageException {
    replicatedInSync("v1", Provisioning.THICK);
    hosts.a.drbd().suspendIo("v1");
    new IoSuspensions(hosts.a.drbd(), hosts.clock).resumeOrphans(hosts.a.drbd().status());
    assertThat(drbd(hosts.a, "v1").ioSuspended()).isFalse();
  }

  @Test
  void aSecondaryCutFromItsPrimaryRefusesAsItMayMissWrites() throws StorageException {
    replicatedInSync("v1", Provisioning.THICK);
    hosts.network.cut("10.0.10.21", "10.0.10.22");
    assertThatThrownBy(() -> onB.create("v1", new SnapshotRequest("s1", null)))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_CHANGE_REFUSED))
        .hasMessageContaining("snapshot the primary alone");
    assertThat(hosts.b.lvm().report().lv("s1")).isEmpty();
    assertThatThrownBy(() -> onB.suspendIo("v1", Duration.ofSeconds(5)))
        .hasMessageContaining("not a replicated volume that is primary here");
  }

  @Test
  void aVolumeWithSnapshotsCannotBeRemovedUntilTheyAreDeleted() throws StorageException {
    hosts.onA.converge(new DesiredVolume("solo", GIB, Provisioning.THICK, null, List.of()));
    onA.create("solo", new SnapshotRequest("s1", null));
    assertThat(hosts.onA.observeAll()).extracting(ObservedVolume::name).containsExactly("solo");
    assertThat(hosts.onA.observe("solo").orElseThrow().snapshots())
        .extracting(ObservedSnapshot::name)
        .containsExactly("s1");

    assertThatThrownBy(() -> hosts.onA.remove("solo"))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.HAS_DEPENDENTS))
        .hasMessageContaining("has snapshots (s1)");
    assertThat(hosts.a.lvm().report().lv("s1")).as("lvremove would have taken it").isPresent();

    onA.delete("solo", "s1");
    onA.delete("solo", "s1");
    hosts.onA.remove("solo");
    assertThat(hosts.a.lvm().report().lvs())
        .extracting(LogicalVolume::kind)
        .containsOnly(LvKind.THIN_POOL);
  }

  @Test
  void namesTakenByOtherLvsAreNeverReusedOrRemoved() throws StorageException {
    hosts.onA.converge(new DesiredVolume("solo", GIB, Provisioning.THICK, null, List.of()));
    hosts.onA.converge(new DesiredVolume("other", GIB, Provisioning.THICK, null, List.of()));
    assertThatThrownBy(() -> onA.create("solo", new SnapshotRequest("other", null)))
        .hasMessageContaining("not an EBS snapshot");
    assertThatThrownBy(() -> onA.delete("solo", "other"))
        .hasMessageContaining("not an EBS snapshot");
    assertThat(hosts.a.lvm().report().lv("other")).isPresent();
    assertThatThrownBy(() -> onA.create("absent", new SnapshotRequest("s1", null)))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }
}

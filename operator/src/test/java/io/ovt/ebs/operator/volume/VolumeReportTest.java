package io.ovt.ebs.operator.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.ReplicationStatus;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.nodeapi.ApiError;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeReportTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static Volume volume() {
    Volume v = new Volume();
    v.getMetadata().setName("data");
    v.getMetadata().setGeneration(3L);
    v.setStatus(new VolumeStatus());
    return v;
  }

  private static NodeOutcome drbd(
      Role role,
      DiskState disk,
      ConnectionState c,
      ReplicationState r,
      DiskState peer,
      Double sync) {
    return new NodeOutcome.Observed(
        new ObservedVolume(
            "ebs-x",
            new ObservedVolume.ObservedLv(
                "volumes", "ebs-x", 1L << 30, Provisioning.THICK, null, 0, true),
            new ObservedVolume.ObservedDrbd(
                1000, 7001, role, disk, c, r, null, peer, sync, false, null),
            List.of(),
            "/dev/drbd1000"));
  }

  private static VolumeReport.Replica replica(String node, NodeOutcome outcome) {
    return new VolumeReport.Replica(node, node + "@EBS", outcome);
  }

  private static NodeOutcome inSync(Role role, long lvBytes, long deviceBytes) {
    return new NodeOutcome.Observed(
        new ObservedVolume(
            "ebs-x",
            new ObservedVolume.ObservedLv(
                "volumes", "ebs-x", lvBytes, Provisioning.THICK, null, 0, true),
            new ObservedVolume.ObservedDrbd(
                1000,
                7001,
                role,
                DiskState.UpToDate,
                ConnectionState.Connected,
                ReplicationState.Established,
                null,
                DiskState.UpToDate,
                null,
                false,
                null),
            List.of(),
            "/dev/drbd1000",
            deviceBytes,
            null,
            null,
            null));
  }

  @Test
  void aVolumeWhoseDeviceIsSmallerThanAskedIsExtendingAndSaysWhichLvHasNotGrown() {
    long gib = 1L << 30;
    long oldDevice = gib + (4L << 20) - (68L << 10);
    Volume v = volume();
    v.getStatus().setRequestedSizeBytes(2 * gib);
    VolumeReport.apply(
        v,
        replica("a", inSync(Role.PRIMARY, 2 * gib + (4L << 20), oldDevice)),
        replica("b", inSync(Role.SECONDARY, gib + (4L << 20), oldDevice)),
        NOW);
    assertThat(v.getStatus().getState()).isEqualTo(VolumeState.Extending);
    assertThat(v.getStatus().getSizeBytes()).as("the device's size").isEqualTo(oldDevice);
    var ready = Conditions.find(v.getStatus(), ConditionType.Ready).orElseThrow();
    assertThat(ready.getReason()).isEqualTo("Extending");
    assertThat(ready.getMessage())
        .isEqualTo("growing to 2Gi: the device on a@EBS is 1.0Gi (LVs: a@EBS 2.0Gi, b@EBS 1.0Gi)");

    long grown = 2 * gib + (4L << 20) - (100L << 10);
    VolumeReport.apply(
        v,
        replica("a", inSync(Role.PRIMARY, 2 * gib + (4L << 20), grown)),
        replica("b", inSync(Role.SECONDARY, 2 * gib + (4L << 20), grown)),
        NOW);
    assertThat(v.getStatus().getState()).isEqualTo(VolumeState.Available);
    assertThat(v.getStatus().getSizeBytes()).isEqualTo(grown);
  }

  @Test
  void bothUpToDateAndConnectedIsAvailableAndRecordsTheInitialSync() {
    Volume v = volume();
    VolumeReport.apply(
        v,
        replica(
            "a",
            drbd(
                Role.PRIMARY,
                DiskState.UpToDate,
                ConnectionState.Connected,
                ReplicationState.Established,
                DiskState.UpToDate,
                null)),
        replica(
            "b",
            drbd(
                Role.SECONDARY,
                DiskState.UpToDate,
                ConnectionState.Connected,
                ReplicationState.Established,
                DiskState.UpToDate,
                null)),
        NOW);
    assertThat(v.getStatus().getState()).isEqualTo(VolumeState.Available);
    assertThat(v.getStatus().getReplicationStatus()).isEqualTo(ReplicationStatus.ENABLED);
    assertThat(v.getStatus().getInitialSyncComplete()).isTrue();
    assertThat(Conditions.isTrue(v.getStatus(), ConditionType.Ready)).isTrue();
    assertThat(
            Conditions.find(v.getStatus(), ConditionType.Ready)
                .orElseThrow()
                .getObservedGeneration())
        .isEqualTo(3L);
  }

  @Test
  void aRunningSyncShowsItsProgressAndIsNotReadyYet() {
    Volume v = volume();
    VolumeReport.apply(
        v,
        replica(
            "a",
            drbd(
                Role.PRIMARY,
                DiskState.UpToDate,
                ConnectionState.Connected,
                ReplicationState.SyncSource,
                DiskState.Inconsistent,
                42.5)),
        replica(
            "b",
            drbd(
                Role.SECONDARY,
                DiskState.Inconsistent,
                ConnectionState.Connected,
                ReplicationState.SyncTarget,
                DiskState.UpToDate,
                42.5)),
        NOW);
    assertThat(v.getStatus().getState()).isEqualTo(VolumeState.Syncing);
    assertThat(v.getStatus().getSyncPercent()).isEqualTo(42.5);
    assertThat(v.getStatus().getInitialSyncComplete()).isNull();
    assertThat(Conditions.find(v.getStatus(), ConditionType.Ready).orElseThrow().getReason())
        .isEqualTo("Syncing");
  }

  @Test
  void aLostPeerDegradesAndARefusalIsAnErrorNamingTheNode() {
    Volume v = volume();
    VolumeReport.apply(
        v,
        replica(
            "a",
            drbd(
                Role.PRIMARY,
                DiskState.UpToDate,
                ConnectionState.Connecting,
                ReplicationState.Off,
                DiskState.DUnknown,
                null)),
        replica(
            "b",
            drbd(
                Role.SECONDARY,
                DiskState.UpToDate,
                ConnectionState.Connecting,
                ReplicationState.Off,
                DiskState.DUnknown,
                null)),
        NOW);
    assertThat(v.getStatus().getState()).isEqualTo(VolumeState.Degraded);
    VolumeReport.apply(
        v,
        replica("a", new NodeOutcome.Rejected(ApiError.of(ErrorCode.NO_SPACE, "VG full"))),
        replica(
            "b",
            drbd(
                Role.SECONDARY,
                DiskState.UpToDate,
                ConnectionState.Connecting,
                ReplicationState.Off,
                DiskState.DUnknown,
                null)),
        NOW);
    assertThat(v.getStatus().getState()).isEqualTo(VolumeState.Error);
    assertThat(Conditions.find(v.getStatus(), ConditionType.Ready).orElseThrow().getMessage())
        .isEqualTo("primary a@EBS refused: NO_SPACE: VG full");
  }

  private static NodeOutcome fencedPrimary(String fencedAt) {
    return new NodeOutcome.Observed(
        new ObservedVolume(
            "ebs-x",
            null,
            new ObservedVolume.ObservedDrbd(
                1000,
                7001,
                Role.PRIMARY,
                DiskState.UpToDate,
                ConnectionState.Connecting,
                ReplicationState.Off,
                null,
                DiskState.DUnknown,
                null,
                true,
                fencedAt == null ? null : Instant.parse(fencedAt)),
            List.of(),
            "/dev/drbd1000"));
  }

  @Test
  void aFencedSecondaryStaysMarkedOutdatedWhileThePrimaryIsGoneAndUntilBothAreInSync() {
    Volume v = volume();
    NodeOutcome secondaryAlone =
        drbd(
            Role.SECONDARY,
            DiskState.UpToDate,
            ConnectionState.Connecting,
            ReplicationState.Off,
            DiskState.DUnknown,
            null);
    VolumeReport.apply(
        v, replica("a", fencedPrimary("2026-01-01T00:00:05Z")), replica("b", secondaryAlone), NOW);
    assertThat(v.getStatus().getSecondaryOutdatedSince()).isEqualTo("2026-01-01T00:00:05Z");

    VolumeReport.apply(
        v,
        replica("a", new NodeOutcome.Unreachable("connection refused")),
        replica("b", secondaryAlone),
        NOW);
    assertThat(v.getStatus().getSecondaryOutdatedSince())
        .as("kept while nobody can say otherwise")
        .isEqualTo("2026-01-01T00:00:05Z");

    VolumeReport.apply(
        v,
        replica("a", inSync(Role.PRIMARY, 1L << 30, 1L << 30)),
        replica("b", inSync(Role.SECONDARY, 1L << 30, 1L << 30)),
        NOW);
    assertThat(v.getStatus().getSecondaryOutdatedSince()).isNull();
  }

  @Test
  void replicasThatRefuseToConnectAreASplitBrainAndNothingIsDiscarded() {
    Volume v = volume();
    VolumeReport.apply(
        v,
        replica(
            "a",
            drbd(
                Role.PRIMARY,
                DiskState.UpToDate,
                ConnectionState.StandAlone,
                ReplicationState.Off,
                DiskState.DUnknown,
                null)),
        replica(
            "b",
            drbd(
                Role.SECONDARY,
                DiskState.UpToDate,
                ConnectionState.StandAlone,
                ReplicationState.Off,
                DiskState.DUnknown,
                null)),
        NOW);
    assertThat(v.getStatus().getState()).isEqualTo(VolumeState.Degraded);
    var ready = Conditions.find(v.getStatus(), ConditionType.Ready).orElseThrow();
    assertThat(ready.getReason()).isEqualTo("SplitBrain");
    assertThat(ready.getMessage()).contains("--discard-my-data").contains("b@EBS");
  }
}

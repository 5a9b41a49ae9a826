package io.ovt.ebs.operator.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.crds.volume.DrbdAllocation;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.crds.volume.VolumeStatus;
import org.junit.jupiter.api.Test;

/** Which replicas a snapshot can be taken on, from the volume's status alone. */
class SnapshotPlanTest {

  private static VolumeStatus status(VolumeState state, String secondary, String protocol) {
    VolumeStatus s = new VolumeStatus();
    s.setLocalName("ebs-1");
    s.setPrimaryNode("n1");
    s.setSecondaryNode(secondary);
    s.setState(state);
    if (protocol != null) {
      DrbdAllocation drbd = new DrbdAllocation();
      drbd.setProtocol(protocol);
      s.setDrbd(drbd);
    }
    return s;
  }

  @Test
  void anInSyncReplicaWithSynchronousReplicationJoinsThePrimary() {
    assertThat(SnapshotPlan.of("v", status(VolumeState.Available, "n2", "C")))
        .isEqualTo(new SnapshotPlan.BothReplicas("n1", "n2"));
    assertThat(SnapshotPlan.of("v", status(VolumeState.Available, "n2", "B")))
        .isEqualTo(new SnapshotPlan.BothReplicas("n1", "n2"));
  }

  @Test
  void asynchronousReplicationOrALostReplicaLeavesThePrimaryAloneWithAReason() {
    assertThat(SnapshotPlan.of("v", status(VolumeState.Available, "n2", "A")))
        .isInstanceOfSatisfying(
            SnapshotPlan.PrimaryOnly.class,
            p -> assertThat(p.why()).contains("asynchronous replication"));
    assertThat(SnapshotPlan.of("v", status(VolumeState.Degraded, "n2", "C")))
        .isInstanceOfSatisfying(
            SnapshotPlan.PrimaryOnly.class, p -> assertThat(p.why()).contains("not in sync"));
    assertThat(SnapshotPlan.of("v", status(VolumeState.Available, null, null)))
        .isEqualTo(new SnapshotPlan.PrimaryOnly("n1", null));
  }

  @Test
  void volumesWithoutTheirDataInPlaceWait() {
    for (VolumeState state :
        new VolumeState[] {
          VolumeState.Pending, VolumeState.Creating, VolumeState.Syncing, VolumeState.Error
        }) {
      assertThat(SnapshotPlan.of("v", status(state, "n2", "C")))
          .as(state.name())
          .isInstanceOf(SnapshotPlan.Wait.class);
    }
    assertThat(SnapshotPlan.of("v", new VolumeStatus())).isInstanceOf(SnapshotPlan.Wait.class);
  }
}

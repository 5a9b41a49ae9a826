package io.ovt.ebs.operator.volume;

import static io.ovt.ebs.operator.testing.TestCluster.GIB;
import static io.ovt.ebs.operator.testing.TestCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.crds.volume.VolumeExportSpec;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.daemon.sim.SimOperation;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Growing a Volume's spec.size through the API: both replicas grow online, also while exported;
 * shrinking, growing past the room there is and growing a thick volume with snapshots are refused
 * with a reason; an operator restarted half-way through finishes the job.
 */
class ExtendVolumeTest {
  private static final String[] NODES = {"hci-0001@EBS", "hci-0002@EBS"};
  private TestCluster cluster;

  @BeforeEach
  void start() {
    cluster = TestCluster.start();
    cluster.applyPair();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @ParameterizedTest
  @EnumSource(Provisioning.class)
  void anExportedVolumeGrowsOnBothReplicasAndKeepsItsExport(Provisioning provisioning)
      throws Exception {
    cluster.volume("data", "1Gi", provisioning);
    Volume before = cluster.awaitReady("data");
    assertThat(before.getStatus().getSizeBytes()).isBetween(GIB, GIB + (4L << 20));
    export();
    cluster.resize("data", "3Gi");
    Volume grown = cluster.awaitSize("data", 3 * GIB);
    String lv = grown.getStatus().getLocalName();
    for (String node : NODES) {
      assertThat(cluster.host(node).lvm().report().lv(lv).orElseThrow().sizeBytes())
          .as(node)
          .isGreaterThan(3 * GIB);
    }
    assertThat(cluster.host("hci-0001@EBS").targets().list())
        .extracting(TargetSpec::devicePath)
        .containsExactly("/dev/drbd1000");
    assertThat(grown.getStatus().getRequestedSizeBytes()).isEqualTo(3 * GIB);
    assertThat(grown.getStatus().getReplicas())
        .allSatisfy(r -> assertThat(r.getSizeBytes()).isGreaterThanOrEqualTo(3 * GIB));
    assertThat(cluster.client.v1().events().inNamespace(NS).list().getItems())
        .filteredOn(e -> "data".equals(e.getInvolvedObject().getName()))
        .extracting(e -> e.getReason() + " " + e.getMessage())
        .contains("Extending growing from 1Gi to 3Gi");
  }

  @Test
  void shrinkingIsRefusedWithTheSizeToGoBackTo() throws Exception {
    cluster.volume("data", "2Gi", Provisioning.THICK);
    String lv = cluster.awaitReady("data").getStatus().getLocalName();
    long lvBefore = cluster.host(NODES[0]).lvm().report().lv(lv).orElseThrow().sizeBytes();
    cluster.resize("data", "1Gi");
    Condition ready = awaitReason("data", "ShrinkRefused");
    assertThat(ready.getMessage()).contains("spec.size 1Gi is smaller than the volume (2Gi)");
    assertThat(cluster.host(NODES[0]).lvm().report().lv(lv).orElseThrow().sizeBytes())
        .isEqualTo(lvBefore);
    cluster.resize("data", "2Gi");
    cluster.awaitReady("data");
  }

  @Test
  void thinVolumesBeyondTheOverSubscriptionRatioAreRefusedAtCreateAndAtGrowth() {
    // 50 GiB pools; at ratio 1.0 thin volumes may add up to 50 GiB on each node.
    for (String node : List.of("hci-0001", "hci-0002")) {
      cluster
          .client
          .resources(StorageNode.class)
          .withName(node)
          .edit(
              n -> {
                n.getSpec().setMaxOverSubscriptionRatio(1.0);
                return n;
              });
    }
    cluster.volume("too-big", "60Gi", Provisioning.THIN);
    Condition refused = awaitReason("too-big", "InsufficientCapacity");
    assertThat(refused.getMessage())
        .contains("thin volumes of 60Gi would over-commit its 50Gi thin pool beyond the ratio 1.0")
        .contains("0 provisioned");
    assertThat(cluster.get("too-big").getStatus().getState()).isEqualTo(VolumeState.Pending);

    cluster.volume("data", "40Gi", Provisioning.THIN);
    cluster.awaitReady("data");
    cluster.resize("data", "55Gi");
    Condition growth = awaitReason("data", "InsufficientCapacity");
    assertThat(growth.getMessage())
        .startsWith("cannot grow to 55Gi: ")
        .contains("thin volumes of 55Gi would over-commit its 50Gi thin pool");
    Volume kept = cluster.get("data");
    assertThat(kept.getStatus().getState()).as("still serving").isEqualTo(VolumeState.Available);
    assertThat(kept.getStatus().getSizeBytes()).isLessThan(41 * GIB);
    cluster.resize("data", "45Gi");
    cluster.awaitSize("data", 45 * GIB);
  }

  @Test
  void aThickVolumeGrowsOnlyIntoFreeExtents() {
    // 100 GiB groups, half of each a thin pool: 50 GiB of extents for thick volumes.
    cluster.volume("data", "30Gi", Provisioning.THICK);
    cluster.awaitSize("data", 30 * GIB);
    cluster.resize("data", "60Gi");
    Condition refused = awaitReason("data", "InsufficientCapacity");
    assertThat(refused.getMessage())
        .startsWith("cannot grow to 60Gi: StorageNode hci-0001 has ")
        .contains("free in its volume group, 30Gi more needed");
  }

  @Test
  void aThickVolumeWithASnapshotIsRefusedWithTheReason() throws Exception {
    cluster.volume("data", "1Gi", Provisioning.THICK);
    String lv = cluster.awaitReady("data").getStatus().getLocalName();
    cluster.host(NODES[0]).lvm().createSnapshot(lv, lv + "-snap", 256L << 20, Set.of("ebs.ovt.io"));
    cluster.resize("data", "2Gi");
    Condition refused = awaitReason("data", "NodeRejected");
    assertThat(refused.getMessage())
        .contains("primary hci-0001@EBS refused")
        .contains("cannot grow while it has snapshots (" + lv + "-snap)");
    assertThat(cluster.host(NODES[0]).lvm().report().lv(lv).orElseThrow().sizeBytes())
        .isLessThan(2 * GIB);
    assertThat(cluster.get("data").getStatus().getSizeBytes()).isLessThan(2 * GIB);
  }

  @Test
  void anOperatorRestartedAfterOneReplicaGrewFinishesTheGrowth() {
    cluster.volume("data", "1Gi", Provisioning.THICK);
    String lv = cluster.awaitReady("data").getStatus().getLocalName();
    cluster.host(NODES[0]).faults().failAlways(SimOperation.LV_EXTEND, "  Internal error");
    cluster.resize("data", "2Gi");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> cluster.host(NODES[1]).lvm().report().lv(lv).orElseThrow().sizeBytes() > 2 * GIB);
    awaitReason("data", "NodeRejected");
    cluster.stopOperator();
    cluster.host(NODES[0]).faults().clear();
    cluster.startOperator();
    Volume grown = cluster.awaitSize("data", 2 * GIB);
    assertThat(grown.getStatus().getState()).isEqualTo(VolumeState.Available);
  }

  /** Edits spec.size as a user would; retried when the operator's status write came first. */
  private Condition awaitReason(String name, String reason) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              Volume v = cluster.get(name);
              return v.getStatus() != null
                  && Conditions.find(v.getStatus(), ConditionType.Ready)
                      .map(c -> reason.equals(c.getReason()))
                      .orElse(false);
            });
    return Conditions.find(cluster.get(name).getStatus(), ConditionType.Ready).orElseThrow();
  }

  private void export() {
    VolumeExport export = new VolumeExport();
    export.getMetadata().setName("attach-1");
    export.getMetadata().setNamespace(NS);
    VolumeExportSpec spec = new VolumeExportSpec();
    spec.setVolume("data");
    spec.setInitiators(List.of("iqn.1993-08.org.debian:01:client"));
    export.setSpec(spec);
    cluster.client.resource(export).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !cluster.host("hci-0001@EBS").targets().list().isEmpty());
  }
}

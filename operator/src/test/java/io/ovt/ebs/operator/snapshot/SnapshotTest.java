package io.ovt.ebs.operator.snapshot;

import static io.ovt.ebs.operator.testing.TestCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.SnapshotSpec;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.sim.SimOperation;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Snapshots through the custom resources, on simulated daemons behind the mock API server. */
class SnapshotTest {
  private static final List<String> BOTH = List.of("hci-0001@EBS", "hci-0002@EBS");
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

  private Snapshot snapshot(String name, String volume) {
    Snapshot s = new Snapshot();
    s.getMetadata().setName(name);
    s.getMetadata().setNamespace(NS);
    SnapshotSpec spec = new SnapshotSpec();
    spec.setVolume(volume);
    s.setSpec(spec);
    return cluster.client.resource(s).create();
  }

  private Snapshot get(String name) {
    return cluster.client.resources(Snapshot.class).inNamespace(NS).withName(name).get();
  }

  private Snapshot awaitReason(String name, String reason) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Snapshot s = get(name);
              assertThat(s).isNotNull();
              assertThat(s.getStatus()).isNotNull();
              assertThat(Conditions.find(s.getStatus(), ConditionType.Ready))
                  .hasValueSatisfying(
                      c -> assertThat(c.getReason()).as(c.getMessage()).isEqualTo(reason));
            });
    return get(name);
  }

  private Optional<LogicalVolume> lv(String backend, String name) throws Exception {
    return cluster.host(backend).lvm().report().lv(name);
  }

  @Test
  void aSnapshotOfAReplicatedVolumeIsTakenOnBothReplicasAndItsIoIsReleased() throws Exception {
    cluster.volume("data", "2Gi", Provisioning.THICK);
    Volume volume = cluster.awaitReady("data");
    snapshot("before-upgrade", "data");

    Snapshot ready = awaitReason("before-upgrade", "Taken");
    assertThat(ready.getStatus().getReadyToUse()).isTrue();
    assertThat(ready.getStatus().getNodes()).containsExactly("hci-0001", "hci-0002");
    assertThat(ready.getStatus().getSizeBytes()).isEqualTo(2L << 30);
    String lv = ready.getStatus().getLocalName();
    assertThat(lv).startsWith("ebss-");
    for (String backend : BOTH) {
      LogicalVolume taken = lv(backend, lv).orElseThrow();
      assertThat(taken.origin()).isEqualTo(volume.getStatus().getLocalName());
      assertThat(taken.tags()).contains("ebs.ovt.io-snapshot");
      DrbdResourceStatus drbd =
          cluster.host(backend).drbd().status().stream().findFirst().orElseThrow();
      assertThat(drbd.ioSuspended()).as("I/O released on " + backend).isFalse();
    }
    assertThat(ready.getStatus().getDataBytes())
        .isEqualTo(cluster.host("hci-0001@EBS").drbd().status().get(0).sizeBytes());
  }

  @Test
  void aVolumeWithASnapshotIsNotDeletedUntilTheSnapshotIs() throws Exception {
    cluster.volume("data", "1Gi", Provisioning.THIN);
    String volumeLv = cluster.awaitReady("data").getStatus().getLocalName();
    snapshot("s1", "data");
    String snapLv = awaitReason("s1", "Taken").getStatus().getLocalName();

    cluster.client.resources(Volume.class).inNamespace(NS).withName("data").delete();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                Conditions.find(cluster.get("data").getStatus(), ConditionType.Ready)
                    .map(c -> c.getReason().equals("DeleteBlocked"))
                    .orElse(false));
    assertThat(Conditions.find(cluster.get("data").getStatus(), ConditionType.Ready).get())
        .extracting(c -> c.getMessage())
        .asString()
        .contains("has snapshots (" + snapLv + ")");
    assertThat(lv("hci-0001@EBS", volumeLv)).isPresent();

    cluster.client.resources(Snapshot.class).inNamespace(NS).withName("s1").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.get("data") == null);
    for (String backend : BOTH) {
      assertThat(lv(backend, snapLv)).isEmpty();
      assertThat(lv(backend, volumeLv)).isEmpty();
    }
  }

  @Test
  void aReplicaCutOffFromThePrimaryIsLeftOutAndTheStatusSaysWhy() throws Exception {
    cluster.volume("data", "1Gi", Provisioning.THIN);
    cluster.awaitReady("data");
    cluster.daemons.network().cut("10.0.10.21", "10.0.10.22");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                cluster.get("data").getStatus().getReplicas().stream()
                    .anyMatch(r -> !"Connected".equals(r.getConnectionState())));
    snapshot("s1", "data");

    Snapshot one = awaitReason("s1", "TakenOnPrimaryOnly");
    assertThat(one.getStatus().getNodes()).containsExactly("hci-0001");
    assertThat(Conditions.find(one.getStatus(), ConditionType.Ready).get().getMessage())
        .contains("replica on hci-0002 is not in sync");
    assertThat(lv("hci-0002@EBS", one.getStatus().getLocalName())).isEmpty();
  }

  @Test
  void anAttemptThatFailsHalfWayLeavesNoMismatchedPairAndIsRetaken() throws Exception {
    cluster.volume("data", "1Gi", Provisioning.THICK);
    cluster.awaitReady("data");
    cluster
        .host("hci-0001@EBS")
        .faults()
        .failAlways(SimOperation.LV_SNAPSHOT, "device-mapper: reload ioctl failed");
    snapshot("s1", "data");

    Snapshot failed = awaitReason("s1", "TakeFailed");
    assertThat(failed.getStatus().getReadyToUse()).isFalse();
    assertThat(Conditions.find(failed.getStatus(), ConditionType.Ready).get().getMessage())
        .contains("reload ioctl failed");
    String lv = failed.getStatus().getLocalName();
    assertThat(lv("hci-0002@EBS", lv)).as("the secondary's half").isPresent();
    assertThat(cluster.host("hci-0001@EBS").drbd().status().get(0).ioSuspended()).isFalse();

    cluster.stopOperator();
    cluster.startOperator();
    // The restarted operator first looks at the volume again; then the node lets snapshots be.
    cluster.awaitReady("data");
    cluster.host("hci-0001@EBS").faults().clear();
    Snapshot ready = awaitReason("s1", "Taken");
    assertThat(ready.getStatus().getLocalName()).as("the recorded name is reused").isEqualTo(lv);
    for (String backend : BOTH) {
      assertThat(lv(backend, lv)).as(backend).isPresent();
    }
  }

  @Test
  void aSnapshotOfAVolumeThatDoesNotExistYetWaitsForIt() throws Exception {
    snapshot("s1", "later");
    assertThat(awaitReason("s1", "VolumeNotFound").getStatus().getReadyToUse()).isFalse();
    cluster.volume("later", "1Gi", Provisioning.THIN);
    cluster.awaitReady("later");
    assertThat(awaitReason("s1", "Taken").getStatus().getNodes()).hasSize(2);
  }
}

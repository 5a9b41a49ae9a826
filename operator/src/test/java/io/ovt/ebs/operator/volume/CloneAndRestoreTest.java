package io.ovt.ebs.operator.volume;

import static io.ovt.ebs.operator.testing.TestCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.SnapshotSpec;
import io.ovt.ebs.crds.volume.SnapshotStatus;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeReplication;
import io.ovt.ebs.crds.volume.VolumeSource;
import io.ovt.ebs.crds.volume.VolumeSpec;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Volumes made from another volume (clones) or from a snapshot, through the custom resources, on
 * simulated hosts whose LVs hold content: the new volume holds exactly the source's data at one
 * point, on both replicas.
 */
class CloneAndRestoreTest {
  private static final long MIB = 1L << 20;
  private TestCluster cluster;
  private SimulatedHost hci1;
  private SimulatedHost hci2;

  @BeforeEach
  void start() {
    cluster = TestCluster.start();
    cluster.applyPair();
    hci1 = cluster.host("hci-0001@EBS");
    hci2 = cluster.host("hci-0002@EBS");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aThickCloneHoldsTheSourceAsItWasWhenTheCopyBeganOnBothReplicas() throws Exception {
    String source = cluster.volume("data", "1Gi", Provisioning.THICK).getMetadata().getName();
    String sourceLv = cluster.awaitReady(source).getStatus().getLocalName();
    hci1.write(sourceLv, 0, MIB, "t1");
    hci1.write(sourceLv, 8 * MIB, MIB, "t2");

    hci1.holdCopies();
    create(clone("copy", "1Gi", Provisioning.THICK, true, "data", null));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                cluster.get("copy").getStatus() != null
                    && Conditions.isTrue(
                        cluster.get("copy").getStatus(), ConditionType.Initializing));
    Volume copying = cluster.get("copy");
    assertThat(copying.getStatus().getState()).isEqualTo(VolumeState.Creating);
    assertThat(copying.getStatus().getPrimaryNode()).isEqualTo("hci-0001");
    assertThat(Conditions.find(copying.getStatus(), ConditionType.Ready).orElseThrow().getReason())
        .isEqualTo("Initializing");
    hci1.write(sourceLv, 16 * MIB, MIB, "after the clone began");
    hci1.releaseCopies();

    Volume ready = cluster.awaitReady("copy");
    String lv = ready.getStatus().getLocalName();
    assertThat(ready.getStatus().getSourceCopied()).isTrue();
    assertThat(
            Conditions.find(ready.getStatus(), ConditionType.Initializing)
                .orElseThrow()
                .getReason())
        .isEqualTo("SourceCopied");
    assertThat(ready.getStatus().getReplicas())
        .extracting(r -> r.getBackendId() + " " + r.getDiskState())
        .containsExactly("hci-0001@EBS UpToDate", "hci-0002@EBS UpToDate");
    assertThat(hci1.read(lv)).containsExactly("t1", "t2");
    assertThat(hci2.read(lv)).as("full sync to the peer").containsExactly("t1", "t2");

    // A thick clone is independent: the source can go.
    cluster.client.resources(Volume.class).inNamespace(NS).withName("data").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.get("data") == null);
    assertThat(hci1.read(lv)).containsExactly("t1", "t2");
  }

  @Test
  void aThinCloneKeepsItsSourceFromBeingDeletedUntilItIsGone() throws Exception {
    cluster.volume("base", "1Gi", Provisioning.THIN);
    String baseLv = cluster.awaitReady("base").getStatus().getLocalName();
    hci1.write(baseLv, 0, MIB, "golden image");
    create(clone("vm-disk", "1Gi", Provisioning.THIN, true, "base", null));
    Volume ready = cluster.awaitReady("vm-disk");
    String lv = ready.getStatus().getLocalName();
    assertThat(hci1.lvm().report().lv(lv).orElseThrow().origin()).isEqualTo(baseLv);
    assertThat(hci2.read(lv)).containsExactly("golden image");

    cluster.client.resources(Volume.class).inNamespace(NS).withName("base").delete();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        Conditions.find(cluster.get("base").getStatus(), ConditionType.Ready)
                            .orElseThrow()
                            .getMessage())
                    .contains("Volume vm-disk", "depends on it"));
    assertThat(hci2.lvm().report().lv(baseLv)).as("no half-deleted source").isPresent();

    cluster.client.resources(Volume.class).inNamespace(NS).withName("vm-disk").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.get("base") == null);
    assertThat(hci1.lvm().report().lv(baseLv)).isEmpty();
  }

  @Test
  void aVolumeFromASnapshotWaitsForItThenHoldsTheSnapshotPointOnly() throws Exception {
    cluster.volume("db", "1Gi", Provisioning.THICK);
    Volume db = cluster.awaitReady("db");
    String dbLv = db.getStatus().getLocalName();
    hci1.write(dbLv, 0, MIB, "before the snapshot");

    Snapshot snapshot = new Snapshot();
    snapshot.getMetadata().setName("db-snap");
    snapshot.getMetadata().setNamespace(NS);
    snapshot.setSpec(new SnapshotSpec());
    snapshot.getSpec().setVolume("db");
    snapshot = cluster.client.resource(snapshot).create();
    create(clone("restored", "2Gi", Provisioning.THIN, false, null, "db-snap"));
    awaitReadyReason("restored", "SourceNotReady");

    // What the snapshot reconciler does: an LV of the same name on both nodes, then readyToUse.
    for (SimulatedHost host : List.of(hci1, hci2)) {
      host.lvm().createSnapshot(dbLv, "snap-1", 256 * MIB, Set.of(HostLayout.DEFAULT_TAG));
    }
    hci1.write(dbLv, 4 * MIB, MIB, "after the snapshot");
    SnapshotStatus status = new SnapshotStatus();
    status.setReadyToUse(true);
    status.setNodes(List.of("hci-0001@EBS", "hci-0002@EBS"));
    status.setLocalName("snap-1");
    status.setDataBytes(db.getStatus().getCapacityBytes());
    status.setSizeBytes(db.getStatus().getCapacityBytes());
    snapshot.setStatus(status);
    cluster.client.resource(snapshot).updateStatus();

    Volume restored = cluster.awaitReady("restored");
    assertThat(restored.getStatus().getSecondaryNode()).isNull();
    String node = restored.getStatus().getPrimaryNode();
    SimulatedHost host = node.equals("hci-0001") ? hci1 : hci2;
    assertThat(host.read(restored.getStatus().getLocalName()))
        .containsExactly("before the snapshot");
    assertThat(
            host.lvm().report().lv(restored.getStatus().getLocalName()).orElseThrow().sizeBytes())
        .isEqualTo(2L << 30);
  }

  @Test
  void aVolumeSmallerThanItsSourceIsRefusedWithTheReason() throws Exception {
    cluster.volume("big", "2Gi", Provisioning.THICK);
    cluster.awaitReady("big");
    create(clone("small", "1Gi", Provisioning.THICK, true, "big", null));
    awaitReadyReason("small", "SourceTooLarge");
    assertThat(
            Conditions.find(cluster.get("small").getStatus(), ConditionType.Ready)
                .orElseThrow()
                .getMessage())
        .contains("smaller than the data of Volume big");
    assertThat(cluster.get("small").getStatus().getLocalName()).isNull();
  }

  @Test
  void aCloneOfAVolumeThatIsNotReplicatedStaysOnItsNode() throws Exception {
    Volume single = clone("solo", "1Gi", Provisioning.THICK, false, null, null);
    single.getSpec().setNode("hci-0002");
    create(single);
    String soloLv = cluster.awaitReady("solo").getStatus().getLocalName();
    hci2.write(soloLv, 0, MIB, "t1");

    create(clone("solo-copy", "1Gi", Provisioning.THIN, false, "solo", null));
    Volume ready = cluster.awaitReady("solo-copy");
    assertThat(ready.getStatus().getPrimaryNode()).isEqualTo("hci-0002");
    assertThat(hci2.read(ready.getStatus().getLocalName())).containsExactly("t1");
  }

  private void awaitReadyReason(String name, String reason) {
    await()
        .pollDelay(Duration.ofSeconds(3))
        .until(
            () -> {
              System.err.println("DEBUG " + cluster.get(name));
              return true;
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        Conditions.find(cluster.get(name).getStatus(), ConditionType.Ready)
                            .orElseThrow()
                            .getReason())
                    .isEqualTo(reason));
  }

  private void create(Volume volume) {
    cluster.client.resource(volume).create();
  }

  private static Volume clone(
      String name,
      String size,
      Provisioning provisioning,
      boolean replicated,
      String sourceVolume,
      String sourceSnapshot) {
    Volume volume = new Volume();
    volume.getMetadata().setName(name);
    volume.getMetadata().setNamespace(NS);
    VolumeSpec spec = new VolumeSpec();
    spec.setSize(size);
    spec.setProvisioning(provisioning);
    if (!replicated) {
      spec.setReplication(new VolumeReplication());
      spec.getReplication().setEnabled(false);
    }
    if (sourceVolume != null || sourceSnapshot != null) {
      VolumeSource source = new VolumeSource();
      source.setVolume(sourceVolume);
      source.setSnapshot(sourceSnapshot);
      spec.setSource(source);
    }
    volume.setSpec(spec);
    return volume;
  }
}

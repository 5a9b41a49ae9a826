package io.ovt.ebs.operator.snapshot;

import static io.ovt.ebs.operator.testing.TestCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.SnapshotSpec;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeSource;
import io.ovt.ebs.crds.volume.VolumeSpec;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.operator.testing.PolicyEdits;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A frozen FailoverPolicy holds taking and deleting snapshots of its pair's volumes, and volumes
 * made from them, visibly; after the thaw each goes on by itself and no snapshot was lost.
 */
class FrozenSnapshotTest {
  private static final long MIB = 1L << 20;
  private static final String THAW = "(set spec.frozen: false to thaw)";
  private TestCluster cluster;
  private List<SimulatedHost> hosts;

  @BeforeEach
  void start() {
    cluster = TestCluster.start();
    cluster.applyPair();
    hosts = List.of(cluster.host("hci-0001@EBS"), cluster.host("hci-0002@EBS"));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void takingDeletingAndRestoringWaitWhileFrozenAndCompleteAfterTheThaw() throws Exception {
    cluster.volume("data", "1Gi", Provisioning.THIN);
    String volumeLv = cluster.awaitReady("data").getStatus().getLocalName();
    hosts.get(0).write(volumeLv, 0, MIB, "t1");
    snapshot("old", "data");
    snapshot("golden", "data");
    String oldLv = awaitReason("old", "Taken").getStatus().getLocalName();
    awaitReason("golden", "Taken");
    PolicyEdits.setFrozen(cluster.client, "pair-a", true);

    snapshot("new", "data");
    Snapshot held = awaitReason("new", "LifecycleFrozen");
    assertThat(ready(held).getMessage())
        .isEqualTo("the snapshot waits: FailoverPolicy pair-a is frozen " + THAW);
    assertThat(held.getStatus().getReadyToUse()).isFalse();
    assertThat(held.getStatus().getLocalName()).as("no node heard of it").isNull();

    cluster.client.resources(Snapshot.class).inNamespace(NS).withName("old").delete();
    Snapshot kept = awaitReason("old", "LifecycleFrozen");
    assertThat(ready(kept).getMessage())
        .isEqualTo("deletion of the snapshot waits: FailoverPolicy pair-a is frozen " + THAW);
    for (SimulatedHost host : hosts) {
      assertThat(host.lvm().report().lv(oldLv)).as(host.hostname()).isPresent();
    }

    cluster.client.resource(restore("restored", "golden")).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        Conditions.find(cluster.get("restored").getStatus(), ConditionType.Ready)
                            .orElseThrow()
                            .getMessage())
                    .isEqualTo(
                        "creation from its source waits: FailoverPolicy pair-a is frozen " + THAW));

    PolicyEdits.setFrozen(cluster.client, "pair-a", false);
    assertThat(awaitReason("new", "Taken").getStatus().getNodes())
        .containsExactly("hci-0001", "hci-0002");
    await().atMost(Duration.ofSeconds(20)).until(() -> get("old") == null);
    for (SimulatedHost host : hosts) {
      assertThat(host.lvm().report().lv(oldLv)).as(host.hostname()).isEmpty();
    }
    String restoredLv = cluster.awaitReady("restored").getStatus().getLocalName();
    assertThat(hosts.get(0).read(restoredLv)).containsExactly("t1");
    assertThat(
            cluster.client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "new".equals(e.getInvolvedObject().getName()))
                .filter(e -> "LifecycleFrozen".equals(e.getReason()))
                .count())
        .as("one event when it became held")
        .isOne();
  }

  private void snapshot(String name, String volume) {
    Snapshot s = new Snapshot();
    s.getMetadata().setName(name);
    s.getMetadata().setNamespace(NS);
    SnapshotSpec spec = new SnapshotSpec();
    spec.setVolume(volume);
    s.setSpec(spec);
    cluster.client.resource(s).create();
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

  private static Condition ready(Snapshot snapshot) {
    return Conditions.find(snapshot.getStatus(), ConditionType.Ready).orElseThrow();
  }

  private static Volume restore(String name, String snapshot) {
    Volume volume = new Volume();
    volume.getMetadata().setName(name);
    volume.getMetadata().setNamespace(NS);
    VolumeSpec spec = new VolumeSpec();
    spec.setSize("1Gi");
    spec.setProvisioning(Provisioning.THIN);
    VolumeSource source = new VolumeSource();
    source.setSnapshot(snapshot);
    spec.setSource(source);
    volume.setSpec(spec);
    return volume;
  }
}

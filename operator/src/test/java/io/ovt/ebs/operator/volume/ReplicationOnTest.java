package io.ovt.ebs.operator.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.crds.volume.VolumeExportSpec;
import io.ovt.ebs.crds.volume.VolumeReplication;
import io.ovt.ebs.crds.volume.VolumeSpec;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.operator.testing.PolicyEdits;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replication turned on for a volume that was created alone, on simulated hosts: a peer of the pair
 * joins and receives the data by a full sync while the node keeps serving; refused while exported,
 * held while frozen.
 */
class ReplicationOnTest {
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
  void aPeerJoinsAndGetsTheDataByAFullSyncAfterTheFreezeAndTheExportAreGone() throws Exception {
    cluster.client.resource(alone("solo", Provisioning.THIN)).create();
    Volume single = cluster.awaitReady("solo");
    String lv = single.getStatus().getLocalName();
    String node = single.getStatus().getPrimaryNode();
    assertThat(single.getStatus().getSecondaryNode()).isNull();
    SimulatedHost serving = node.equals("hci-0001") ? hci1 : hci2;
    SimulatedHost other = serving == hci1 ? hci2 : hci1;
    serving.write(lv, 0, MIB, "written alone");

    cluster.client.resource(export("solo-export")).create();
    setReplicated(true);
    Condition exported = awaitRetype("ExportedVolume");
    assertThat(exported.getMessage()).contains("delete VolumeExport solo-export");
    assertThat(cluster.get("solo").getStatus().getSecondaryNode()).isNull();
    assertThat(Conditions.isTrue(cluster.get("solo").getStatus(), ConditionType.Ready))
        .as("it keeps serving alone")
        .isTrue();

    PolicyEdits.setFrozen(cluster.client, "pair-a", true);
    cluster
        .client
        .resources(VolumeExport.class)
        .inNamespace(TestCluster.NS)
        .withName("solo-export")
        .delete();
    Condition frozen = awaitRetype("LifecycleFrozen");
    assertThat(frozen.getMessage()).contains("is frozen").contains("replication is turned on then");
    assertThat(other.lvm().report().lv(lv)).as("no peer while frozen").isEmpty();

    PolicyEdits.setFrozen(cluster.client, "pair-a", false);
    Condition added = awaitRetype("ReplicationAdded");
    assertThat(added.getStatus()).isEqualTo("True");
    Volume replicated = cluster.awaitReady("solo");
    assertThat(replicated.getStatus().getPrimaryNode()).as("the same node serves").isEqualTo(node);
    assertThat(replicated.getStatus().getSecondaryNode()).isNotNull().isNotEqualTo(node);
    assertThat(replicated.getStatus().getReplicas())
        .extracting(r -> r.getDiskState())
        .containsOnly(DiskState.UpToDate.name());
    assertThat(serving.read(lv)).containsExactly("written alone");
    assertThat(other.read(lv))
        .as("the full sync carried the data")
        .containsExactly("written alone");
  }

  @Test
  void replicationOffDropsThePeerKeepsTheDataOnTheServingNodeAndCanBeTurnedOnAgain()
      throws Exception {
    Volume alone = alone("solo", Provisioning.THICK);
    alone.getSpec().getReplication().setEnabled(true);
    cluster.client.resource(alone).create();
    Volume replicated = cluster.awaitReady("solo");
    String lv = replicated.getStatus().getLocalName();
    String node = replicated.getStatus().getPrimaryNode();
    String peer = replicated.getStatus().getSecondaryNode();
    SimulatedHost serving = node.equals("hci-0001") ? hci1 : hci2;
    SimulatedHost other = serving == hci1 ? hci2 : hci1;
    serving.write(lv, 0, MIB, "replicated write");

    cluster.client.resource(export("solo-export")).create();
    setReplicated(false);
    assertThat(awaitRetype("ExportedVolume").getMessage()).contains("turned off only while");
    assertThat(other.lvm().report().lv(lv)).as("the peer stays while exported").isPresent();

    cluster
        .client
        .resources(VolumeExport.class)
        .inNamespace(TestCluster.NS)
        .withName("solo-export")
        .delete();
    Condition off = awaitRetype("ReplicationRemoved");
    assertThat(off.getStatus()).isEqualTo("True");
    assertThat(off.getMessage()).contains("copy on " + peer + " is removed");
    Volume single = cluster.awaitReady("solo");
    assertThat(single.getStatus().getPrimaryNode()).isEqualTo(node);
    assertThat(single.getStatus().getSecondaryNode()).isNull();
    assertThat(single.getStatus().getDrbd()).isNull();
    assertThat(other.lvm().report().lv(lv)).as("the peer's copy is gone").isEmpty();
    assertThat(serving.drbd().configs()).as("no DRBD resource left").isEmpty();
    assertThat(serving.read(lv)).containsExactly("replicated write");

    serving.write(lv, 2 * MIB, MIB, "written alone");
    setReplicated(true);
    awaitRetype("ReplicationAdded");
    Volume again = cluster.awaitReady("solo");
    SimulatedHost newPeer = again.getStatus().getSecondaryNode().equals("hci-0001") ? hci1 : hci2;
    assertThat(newPeer.read(lv)).containsExactly("replicated write", "written alone");
  }

  private Condition awaitRetype(String reason) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              cluster.syncClock.advance(Duration.ofSeconds(1)); // the simulated full sync's time
              return Conditions.find(cluster.get("solo").getStatus(), ConditionType.Retype)
                  .orElse(null);
            },
            c -> c != null && reason.equals(c.getReason()));
  }

  private void setReplicated(boolean on) {
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              cluster
                  .client
                  .resources(Volume.class)
                  .inNamespace(TestCluster.NS)
                  .withName("solo")
                  .edit(
                      v -> {
                        v.getSpec().getReplication().setEnabled(on);
                        return v;
                      });
              return true;
            });
  }

  private static Volume alone(String name, Provisioning provisioning) {
    Volume volume = new Volume();
    volume.getMetadata().setName(name);
    volume.getMetadata().setNamespace(TestCluster.NS);
    VolumeSpec spec = new VolumeSpec();
    spec.setSize("1Gi");
    spec.setProvisioning(provisioning);
    spec.setReplication(new VolumeReplication());
    spec.getReplication().setEnabled(false);
    volume.setSpec(spec);
    return volume;
  }

  private static VolumeExport export(String name) {
    VolumeExport export = new VolumeExport();
    export.getMetadata().setName(name);
    export.getMetadata().setNamespace(TestCluster.NS);
    VolumeExportSpec spec = new VolumeExportSpec();
    spec.setVolume("solo");
    spec.setInitiators(List.of("iqn.1993-08.org.debian:01:client"));
    export.setSpec(spec);
    return export;
  }
}

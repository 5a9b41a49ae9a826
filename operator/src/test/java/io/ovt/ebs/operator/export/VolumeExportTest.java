package io.ovt.ebs.operator.export;

import static io.ovt.ebs.operator.testing.TestCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.crds.volume.VolumeExportSpec;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A VolumeExport makes the primary export the volume to its initiators, and follows it. */
class VolumeExportTest {
  private static final String CLIENT = "iqn.1993-08.org.debian:01:client";
  private TestCluster cluster;
  private String iqn;

  @BeforeEach
  void start() {
    cluster = TestCluster.start();
    cluster.applyPair();
    cluster.volume("data", "1Gi", Provisioning.THIN);
    iqn = "iqn.2010-10.org.openstack:" + cluster.awaitReady("data").getStatus().getLocalName();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void anExportIsServedByThePrimaryWithAnAclAndTheStatusCinderNeeds() throws Exception {
    export("attach-1", CLIENT);
    VolumeExport ready = awaitExport("attach-1", "Exported");
    assertThat(ready.getStatus().getNode()).isEqualTo("hci-0001");
    assertThat(ready.getStatus().getTargetIqn()).isEqualTo(iqn);
    assertThat(ready.getStatus().getTargetPortals()).containsExactly("10.0.251.21:3260");
    assertThat(ready.getStatus().getTargetLun()).isZero();
    assertThat(cluster.host("hci-0001@EBS").targets().list())
        .extracting(TargetSpec::iqn, TargetSpec::initiators, TargetSpec::devicePath)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(iqn, List.of(CLIENT), "/dev/drbd1000"));
    assertThat(cluster.host("hci-0002@EBS").targets().list()).isEmpty();
  }

  @Test
  void anExportedVolumeIsNotDeletedUntilItsExportIsGone() throws Exception {
    export("attach-1", CLIENT);
    awaitExport("attach-1", "Exported");
    cluster.client.resources(Volume.class).inNamespace(NS).withName("data").delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(ready(cluster.get("data").getStatus().getConditions()).getMessage())
                    .contains("exported by VolumeExport attach-1; delete the exports first"));
    assertThat(cluster.host("hci-0001@EBS").lvm().report().lvs()).hasSize(2);
    cluster.client.resources(VolumeExport.class).inNamespace(NS).withName("attach-1").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.get("data") == null);

    assertThat(cluster.host("hci-0001@EBS").targets().list()).isEmpty();
    assertThat(cluster.host("hci-0001@EBS").lvm().report().lvs()).hasSize(1);
  }

  @Test
  void aSecondExportOfASingleAttachVolumeIsRefusedAndTheFirstKeepsWorking() throws Exception {
    export("attach-1", CLIENT);
    awaitExport("attach-1", "Exported");
    export("attach-2", "iqn.1993-08.org.debian:01:other");
    VolumeExport refused = awaitExport("attach-2", "NotMultiAttach");
    assertThat(ready(refused.getStatus().getConditions()).getMessage())
        .contains("exported by attach-1");
    assertThat(cluster.host("hci-0001@EBS").targets().list().get(0).initiators())
        .containsExactly(CLIENT);
  }

  @Test
  void switchingTheActiveBackendMovesTheExportToTheOtherNode() throws Exception {
    export("attach-1", CLIENT);
    awaitExport("attach-1", "Exported");
    cluster
        .client
        .resources(FailoverPolicy.class)
        .withName("pair-a")
        .edit(
            p -> {
              p.getSpec().setActiveBackend("hci-0002@EBS");
              return p;
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .conditionEvaluationListener(
            condition -> {
              if (condition.getRemainingTimeInMS() < 600) {
                System.err.println(
                    "VOLUME "
                        + io.fabric8.kubernetes.client.utils.Serialization.asYaml(
                            cluster.get("data")));
              }
            })
        .untilAsserted(
            () -> {
              VolumeExport moved =
                  cluster
                      .client
                      .resources(VolumeExport.class)
                      .inNamespace(NS)
                      .withName("attach-1")
                      .get();
              assertThat(moved.getStatus().getNode()).isEqualTo("hci-0002");
              assertThat(moved.getStatus().getTargetPortals()).containsExactly("10.0.251.22:3260");
            });
    Volume volume = cluster.get("data");
    assertThat(volume.getStatus().getPrimaryNode()).isEqualTo("hci-0002");
    assertThat(volume.getStatus().getSecondaryNode()).isEqualTo("hci-0001");
    assertThat(cluster.host("hci-0001@EBS").targets().list()).isEmpty();
    assertThat(cluster.host("hci-0002@EBS").targets().list())
        .extracting(TargetSpec::iqn)
        .containsExactly(iqn);
    assertThat(
            Conditions.find(volume.getStatus(), ConditionType.Switchover).orElseThrow().getReason())
        .isEqualTo("SwitchedOver");
  }

  private void export(String name, String initiator) {
    VolumeExport export = new VolumeExport();
    export.getMetadata().setName(name);
    export.getMetadata().setNamespace(NS);
    VolumeExportSpec spec = new VolumeExportSpec();
    spec.setVolume("data");
    spec.setInitiators(List.of(initiator));
    export.setSpec(spec);
    cluster.client.resource(export).create();
  }

  private VolumeExport awaitExport(String name, String reason) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              VolumeExport e =
                  cluster.client.resources(VolumeExport.class).inNamespace(NS).withName(name).get();
              return e.getStatus() != null
                  && Conditions.find(e.getStatus(), ConditionType.Ready)
                      .map(c -> reason.equals(c.getReason()))
                      .orElse(false);
            });
    return cluster.client.resources(VolumeExport.class).inNamespace(NS).withName(name).get();
  }

  private static Condition ready(List<Condition> conditions) {
    return conditions.stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
  }
}

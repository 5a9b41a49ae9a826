package io.ovt.ebs.operator.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeReplication;
import io.ovt.ebs.crds.volume.VolumeSpec;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input ends as Ready=False with a reason a person can act on, and no storage command runs. The
 * embedded API does not enforce the CRD schema, so this is the operator's own second gate.
 */
class BadInputTest {
  private TestCluster cluster;

  @BeforeEach
  void start() {
    cluster = TestCluster.start(20 * TestCluster.GIB);
    cluster.applyPair();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void negativeSize() {
    assertRefused(create("neg", s -> s.setSize("-5Gi")), "InvalidSpec", "spec.size '-5Gi'");
    assertThat(cluster.client.v1().events().inNamespace(TestCluster.NS).list().getItems())
        .filteredOn(e -> "neg".equals(e.getInvolvedObject().getName()))
        .extracting(e -> e.getType() + " " + e.getReason())
        .containsExactly("Warning InvalidSpec");
  }

  @Test
  void sizeLargerThanAnyNode() {
    assertRefused(create("huge", s -> s.setSize("100Ti")), "InsufficientCapacity", "100Ti asked");
  }

  @Test
  void unknownPair() {
    assertRefused(
        create("lost", s -> s.getReplication().setPair("pair-z")),
        "PairNotFound",
        "pair-z does not exist");
  }

  @Test
  void invalidVolumeName() {
    // The embedded API, unlike a real one, stores any name: the operator must still refuse it.
    assertRefused(
        create("Bad_Name", s -> {}), "InvalidSpec", "metadata.name must be a DNS-1123 subdomain");
  }

  @Test
  void invalidNameInTheSpec() {

    assertRefused(
        create("evil", s -> s.getReplication().setPair("x;reboot")),
        "InvalidSpec",
        "'x;reboot' is not a valid name");
  }

  @Test
  void aPairNamingAMissingNode() {
    cluster.pair("pair-b", "hci-0001", "hci-0003");
    assertRefused(
        create("orphan", s -> s.getReplication().setPair("pair-b")),
        "NodeNotFound",
        "hci-0003 does not exist");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        Conditions.find(
                                cluster
                                    .client
                                    .resources(io.ovt.ebs.crds.replication.ReplicationPair.class)
                                    .withName("pair-b")
                                    .get()
                                    .getStatus(),
                                ConditionType.Ready)
                            .map(Condition::getReason))
                    .hasValue("NodeNotFound"));
  }

  private String create(String name, Consumer<VolumeSpec> change) {
    Volume volume = new Volume();
    volume.getMetadata().setName(name);
    volume.getMetadata().setNamespace(TestCluster.NS);
    VolumeSpec spec = new VolumeSpec();
    spec.setSize("1Gi");
    spec.setProvisioning(Provisioning.THICK);
    spec.setReplication(new VolumeReplication());
    change.accept(spec);
    volume.setSpec(spec);
    cluster.client.resource(volume).create();
    return name;
  }

  private void assertRefused(String name, String reason, String messagePart) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Volume v = cluster.get(name);
              assertThat(v.getStatus()).isNotNull();
              Condition ready = Conditions.find(v.getStatus(), ConditionType.Ready).orElse(null);
              assertThat(ready).as("Ready condition").isNotNull();
              assertThat(ready.getStatus()).isEqualTo("False");
              assertThat(ready.getReason()).isEqualTo(reason);
              assertThat(ready.getMessage()).contains(messagePart);
              assertThat(v.getStatus().getState()).isEqualTo(VolumeState.Pending);
            });
    for (String node : new String[] {"hci-0001@EBS", "hci-0002@EBS"}) {
      try {
        assertThat(cluster.host(node).lvm().report().lvs())
            .as("only the pool on " + node)
            .hasSize(1);
        assertThat(cluster.host(node).drbd().configs()).isEmpty();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }
}

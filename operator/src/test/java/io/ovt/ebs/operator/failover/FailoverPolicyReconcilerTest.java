package io.ovt.ebs.operator.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverPolicySpec;
import io.ovt.ebs.crds.replication.FailoverState;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The policy's active backend decides which node serves new volumes of its pair. */
class FailoverPolicyReconcilerTest {
  private TestCluster cluster;

  @BeforeEach
  void start() {
    cluster = TestCluster.start();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void newVolumesArePrimaryOnTheActiveBackend() {
    cluster.node("hci-0001", "hci-0001@EBS", "10.0.10.21");
    cluster.node("hci-0002", "hci-0002@EBS", "10.0.10.22");
    cluster.pair("pair-a", "hci-0001", "hci-0002");
    policy("pair-a", "hci-0002@EBS");
    cluster.awaitNodeReady("hci-0001");
    cluster.awaitNodeReady("hci-0002");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "hci-0002"
                    .equals(get().getStatus() == null ? null : get().getStatus().getActiveNode()));
    assertThat(get().getStatus().getState()).isEqualTo(FailoverState.Normal);
    cluster.volume("data", "1Gi", Provisioning.THIN);
    Volume ready = cluster.awaitReady("data");
    assertThat(ready.getStatus().getPrimaryNode()).isEqualTo("hci-0002");
    assertThat(ready.getStatus().getSecondaryNode()).isEqualTo("hci-0001");
  }

  @Test
  void anActiveBackendOutsideThePairIsRefusedWithThePairsBackends() {
    cluster.applyPair();
    FailoverPolicy policy = get();
    policy.getSpec().setActiveBackend("hci-0009@EBS");
    cluster.client.resource(policy).update();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Condition ready =
                  Conditions.find(get().getStatus(), ConditionType.Ready).orElse(null);
              assertThat(ready).as("Ready condition").isNotNull();
              assertThat(ready.getReason()).isEqualTo("UnknownBackend");
              assertThat(ready.getMessage()).contains("hci-0001@EBS, hci-0002@EBS");
            });
  }

  private void policy(String pair, String active) {
    FailoverPolicy policy = new FailoverPolicy();
    policy.getMetadata().setName(pair);
    FailoverPolicySpec spec = new FailoverPolicySpec();
    spec.setPair(pair);
    spec.setActiveBackend(active);
    policy.setSpec(spec);
    cluster.client.resource(policy).create();
  }

  private FailoverPolicy get() {
    return cluster.client.resources(FailoverPolicy.class).withName("pair-a").get();
  }
}

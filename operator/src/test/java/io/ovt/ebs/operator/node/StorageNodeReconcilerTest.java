package io.ovt.ebs.operator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.NodeState;
import io.ovt.ebs.crds.node.ServiceStatus;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** StorageNode status follows its daemon: heartbeat, capacity, identity and the pair's freeze. */
class StorageNodeReconcilerTest {
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
  void aReachableNodeReportsHeartbeatCapacityAndVersions() {
    cluster.applyPair();
    StorageNode node = node("hci-0001");
    assertThat(node.getStatus().getState()).isEqualTo(NodeState.UP);
    assertThat(node.getStatus().getLastHeartbeat()).isNotNull();
    assertThat(node.getStatus().getHostname()).isEqualTo("hci-0001");
    assertThat(node.getStatus().getCapacity().getVgSizeBytes()).isEqualTo(100 * TestCluster.GIB);
    assertThat(node.getStatus().getCapacity().getThinPoolSizeBytes())
        .isEqualTo(50 * TestCluster.GIB);
    assertThat(node.getStatus().getVersions().getHostType()).isEqualTo("simulated");
    assertThat(node.getStatus().getServiceStatus()).isEqualTo(ServiceStatus.ENABLED);
  }

  @Test
  void theThinPoolsDataAndMetadataUseShowInTheStatus() {
    cluster.applyPair();
    cluster.volume("data", "10Gi", Provisioning.THIN);
    String lv = cluster.awaitReady("data").getStatus().getLocalName();
    // Half of a 10 GiB thin LV written: 5 GiB of the 50 GiB pool.
    cluster.host("hci-0001@EBS").simulateWrite(lv, 50.0);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(node("hci-0001").getStatus().getCapacity().getThinPoolDataPercent())
                    .isBetween(10.0, 10.1));
    assertThat(node("hci-0001").getStatus().getCapacity().getThinPoolMetadataPercent()).isNotNull();
    assertThat(node("hci-0002").getStatus().getCapacity().getThinPoolDataPercent())
        .as("nothing written there")
        .isLessThan(0.1);
  }

  @Test
  void aNodeWhoseDaemonAnswersAsAnotherBackendIsNotReady() {
    cluster.node("hci-0001", "hci-0002@EBS", "10.0.10.21");
    // Points the node named hci-0002@EBS at the daemon that is hci-0001@EBS.
    cluster
        .client
        .resources(StorageNode.class)
        .withName("hci-0001")
        .edit(
            n -> {
              n.getSpec().setPort(cluster.daemons.port("hci-0001@EBS"));
              return n;
            });
    awaitReason("hci-0001", "BackendMismatch", "is hci-0001@EBS, not hci-0002@EBS");
  }

  @Test
  void aStoppedDaemonMakesTheNodeDownWithTheReason() {
    cluster.applyPair();
    cluster.daemons.stop("hci-0001@EBS");
    awaitReason("hci-0001", "Unreachable", "daemon at 127.0.0.1");
    assertThat(node("hci-0001").getStatus().getState()).isEqualTo(NodeState.DOWN);
  }

  @Test
  void freezingThePairDisablesItsNodesAsTheSeedsServiceListShows() {
    cluster.applyPair();
    FailoverPolicy policy = cluster.client.resources(FailoverPolicy.class).withName("pair-a").get();
    policy.getSpec().setFrozen(true);
    cluster.client.resource(policy).update();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              for (String name : new String[] {"hci-0001", "hci-0002"}) {
                assertThat(node(name).getStatus().getServiceStatus())
                    .isEqualTo(ServiceStatus.DISABLED);
                assertThat(node(name).getStatus().getDisabledReason()).isEqualTo("frozen");
              }
            });
  }

  private void awaitReason(String name, String reason, String messagePart) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Condition ready =
                  Conditions.find(node(name).getStatus(), ConditionType.Ready).orElse(null);
              assertThat(ready).as("Ready condition").isNotNull();
              assertThat(ready.getStatus()).isEqualTo("False");
              assertThat(ready.getReason()).isEqualTo(reason);
              assertThat(ready.getMessage()).contains(messagePart);
            });
  }

  private StorageNode node(String name) {
    return cluster.client.resources(StorageNode.class).withName(name).get();
  }
}

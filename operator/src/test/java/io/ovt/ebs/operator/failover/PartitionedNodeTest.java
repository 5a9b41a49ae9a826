package io.ovt.ebs.operator.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.NodeState;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.nodeapi.Role;
import io.ovt.ebs.operator.OperatorSettings;
import io.ovt.ebs.operator.testing.PolicyEdits;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A partitioned active node: requests to it are not refused, they hang. Node calls here may take
 * far longer than the test waits, as on slow hosts, so the node must count as down, and its volumes
 * fail over, from its unanswered lease renewals alone.
 */
class PartitionedNodeTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration LONG_CALLS = Duration.ofMinutes(5);
  private TestCluster cluster;

  @BeforeEach
  void start() {
    OperatorSettings fast = TestCluster.FAST;
    cluster =
        TestCluster.start(
            new OperatorSettings(
                fast.heartbeatInterval(),
                LONG_CALLS,
                fast.busyRequeue(),
                fast.steadyRequeue(),
                fast.pendingRequeue(),
                fast.thinOvercommit(),
                fast.snapshotHold()));
    cluster.applyPair();
    PolicyEdits.automaticFast(cluster.client, "pair-a");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aNodeWhoseRequestsHangIsDownAfterItsLeaseAndItsStandbyTakesOver() throws Exception {
    cluster.volume("data", "1Gi", Provisioning.THIN);
    String lv = cluster.awaitReady("data").getStatus().getLocalName();

    cluster.daemons.silence("hci-0001@EBS");
    cluster.daemons.network().cut("10.0.10.21", "10.0.10.22");

    await().atMost(WAIT).until(() -> node("hci-0001").getStatus().getState() == NodeState.DOWN);
    Condition ready =
        Conditions.find(node("hci-0001").getStatus(), ConditionType.Ready).orElseThrow();
    assertThat(ready.getReason()).isEqualTo("Unreachable");
    assertThat(ready.getMessage()).contains("lease renewals unanswered");
    await()
        .atMost(WAIT)
        .until(() -> "hci-0002".equals(cluster.get("data").getStatus().getPrimaryNode()));
    await().atMost(WAIT).ignoreExceptions().until(() -> role("hci-0002@EBS", lv) == Role.PRIMARY);

    cluster.daemons.restart("hci-0001@EBS");
    await().atMost(WAIT).until(() -> node("hci-0001").getStatus().getState() == NodeState.UP);
  }

  private StorageNode node(String name) {
    return cluster.client.resources(StorageNode.class).withName(name).get();
  }

  private Role role(String backend, String lv) throws Exception {
    return cluster.host(backend).drbd().status().stream()
        .filter(s -> s.name().equals(lv))
        .findFirst()
        .orElseThrow()
        .role();
  }
}

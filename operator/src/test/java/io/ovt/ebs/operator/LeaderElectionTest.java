package io.ovt.ebs.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two operator replicas share a Lease: one reconciles, the other takes over when it stops. */
class LeaderElectionTest {
  private TestCluster cluster;
  private EbsOperator first;
  private EbsOperator second;

  @BeforeEach
  void start() {
    cluster = TestCluster.withoutOperator();
  }

  @AfterEach
  void stop() {
    if (second != null) {
      second.close();
    }
    cluster.close();
  }

  @Test
  void theStandbyReplicaTakesOverWhenTheLeaderStops() {
    first = cluster.newOperator(Optional.of(election("replica-a")));
    await().atMost(Duration.ofSeconds(20)).until(() -> "replica-a".equals(holder()));
    second = cluster.newOperator(Optional.of(election("replica-b")));
    cluster.applyPair();
    cluster.volume("one", "1Gi", Provisioning.THIN);
    cluster.awaitReady("one");
    assertThat(holder()).isEqualTo("replica-a");

    first.close();
    await().atMost(Duration.ofSeconds(30)).until(() -> "replica-b".equals(holder()));
    cluster.volume("two", "1Gi", Provisioning.THIN);
    assertThat(cluster.awaitReady("two").getStatus().getDrbd().getMinor()).isEqualTo(1001);
  }

  private static LeaderElection election(String identity) {
    return new LeaderElection(
        "ebs-operator", TestCluster.NS, identity, Duration.ofSeconds(3), false);
  }

  private String holder() {
    Lease lease =
        cluster.client.leases().inNamespace(TestCluster.NS).withName("ebs-operator").get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }
}

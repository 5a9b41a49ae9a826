package io.ovt.ebs.operator.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.nodeapi.Role;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A planned switchover never leaves a volume without an up-to-date primary. */
class SwitchoverTest {
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

  @Test
  void aSwitchoverWaitsForTheReplicaToBeUpToDateThenSwapsRoles() throws Exception {
    cluster.volume("data", "10Gi", Provisioning.THICK); // a full initial sync on the manual clock
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                cluster.get("data").getStatus() != null
                    && "Syncing"
                        .equals(String.valueOf(cluster.get("data").getStatus().getState())));
    activate("hci-0002@EBS");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                Conditions.find(cluster.get("data").getStatus(), ConditionType.Switchover)
                    .map(c -> "SwitchoverWaiting".equals(c.getReason()))
                    .orElse(false));
    assertThat(cluster.get("data").getStatus().getPrimaryNode()).isEqualTo("hci-0001");
    String lv = cluster.get("data").getStatus().getLocalName();
    assertThat(role("hci-0001@EBS", lv)).isEqualTo(Role.PRIMARY);

    cluster.awaitReady("data"); // advances the sync to the end
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                "hci-0002".equals(cluster.get("data").getStatus().getPrimaryNode())
                    && Conditions.isTrue(cluster.get("data").getStatus(), ConditionType.Ready));
    assertThat(role("hci-0002@EBS", lv)).isEqualTo(Role.PRIMARY);
    assertThat(role("hci-0001@EBS", lv)).isEqualTo(Role.SECONDARY);
  }

  private void activate(String backend) {
    cluster
        .client
        .resources(FailoverPolicy.class)
        .withName("pair-a")
        .edit(
            p -> {
              p.getSpec().setActiveBackend(backend);
              return p;
            });
  }

  private Role role(String backend, String lv) throws Exception {
    return cluster.host(backend).drbd().status().stream()
        .filter(s -> s.name().equals(lv))
        .findFirst()
        .orElseThrow()
        .role();
  }
}

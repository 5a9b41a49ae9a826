package io.ovt.ebs.operator.volume;

import static io.ovt.ebs.operator.testing.TestCluster.GIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ovt.ebs.crds.common.ConditionStatus;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * cinder-sync writes its CinderSynced condition into a Volume's status, which the operator also
 * writes whole: the operator keeps it through its own writes, before and after it changes.
 */
class CinderSyncedConditionTest {
  private enum Reason {
    Mirrored,
    CinderVolumeGone
  }

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
  void theOperatorsStatusWritesKeepTheConditionCinderSyncWrote() {
    cluster.volume("data", "1Gi", Provisioning.THIN);
    cluster.awaitReady("data");
    writeCinderSynced("data", ConditionStatus.True, Reason.Mirrored, "status available, 1 GiB");

    cluster.resize("data", "2Gi");
    cluster.awaitSize("data", 2 * GIB);
    assertThat(cinderSynced("data"))
        .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
        .containsExactly("True", "Mirrored", "status available, 1 GiB");

    writeCinderSynced("data", ConditionStatus.False, Reason.CinderVolumeGone, "gone in Cinder");
    cluster.resize("data", "3Gi");
    cluster.awaitSize("data", 3 * GIB);
    assertThat(cinderSynced("data"))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("False", "CinderVolumeGone");
    assertThat(Conditions.isTrue(cluster.get("data").getStatus(), ConditionType.Ready)).isTrue();
  }

  private Condition cinderSynced(String name) {
    return Conditions.find(cluster.get(name).getStatus(), ConditionType.CinderSynced).orElseThrow();
  }

  /** As cinder-sync does: read, set its condition, write the status back under the version read. */
  private void writeCinderSynced(
      String name, ConditionStatus value, Reason reason, String message) {
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .until(
            () -> {
              Volume v = cluster.get(name);
              Conditions.set(
                  v.getStatus(),
                  ConditionType.CinderSynced,
                  value,
                  reason,
                  message,
                  v.getMetadata().getGeneration(),
                  Instant.now());
              return cluster.client.resource(v).updateStatus() != null;
            });
  }
}

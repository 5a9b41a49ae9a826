package io.ovt.ebs.operator.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many volumes created at once get distinct DRBD minors and ports on the shared nodes. */
class ConcurrentCreateTest {
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
  void fiftyVolumesCreatedAtOnceAllBecomeReadyWithDistinctMinorsAndPorts() throws Exception {
    IntStream.range(0, 50)
        .parallel()
        .forEach(i -> cluster.volume("v" + i, "64Mi", Provisioning.THIN));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                volumes().stream()
                        .filter(
                            v ->
                                v.getStatus() != null
                                    && Conditions.isTrue(v.getStatus(), ConditionType.Ready))
                        .count()
                    == 50);
    List<Volume> all = volumes();
    assertThat(all).extracting(v -> v.getStatus().getDrbd().getMinor()).doesNotHaveDuplicates();
    assertThat(all).extracting(v -> v.getStatus().getDrbd().getPort()).doesNotHaveDuplicates();
    assertThat(all)
        .extracting(v -> v.getStatus().getDrbd().getMinor())
        .allMatch(m -> m >= 1000 && m < 1050);
    for (String node : new String[] {"hci-0001@EBS", "hci-0002@EBS"}) {
      assertThat(cluster.host(node).drbd().status()).as(node).hasSize(50);
      assertThat(cluster.host(node).lvm().report().lvs())
          .as(node + " LVs plus the pool")
          .hasSize(51);
    }
  }

  private List<Volume> volumes() {
    return cluster.client.resources(Volume.class).inNamespace(TestCluster.NS).list().getItems();
  }
}

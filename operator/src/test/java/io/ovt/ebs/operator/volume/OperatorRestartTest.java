package io.ovt.ebs.operator.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.sim.SimOperation;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An operator that stops mid-create is replaced by one that finishes the job from status. */
class OperatorRestartTest {
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
  void aRestartMidCreateConvergesWithoutDuplicateOrLeakedLvs() throws Exception {
    cluster
        .host("hci-0002@EBS")
        .faults()
        .failAlways(SimOperation.DRBD_UP, "drbd: module not loaded");
    cluster.volume("data", "1Gi", Provisioning.THICK);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> cluster.host("hci-0002@EBS").lvm().report().lvs().size() == 2);
    Volume midway = cluster.get("data");
    assertThat(midway.getStatus().getDrbd()).as("allocation recorded before use").isNotNull();
    cluster.stopOperator();

    cluster.host("hci-0002@EBS").faults().clear();
    cluster.startOperator();
    Volume ready = cluster.awaitReady("data");

    assertThat(ready.getStatus().getLocalName()).isEqualTo(midway.getStatus().getLocalName());
    assertThat(ready.getStatus().getDrbd().getMinor())
        .isEqualTo(midway.getStatus().getDrbd().getMinor());
    assertThat(ready.getStatus().getDrbd().getPort())
        .isEqualTo(midway.getStatus().getDrbd().getPort());
    for (String node : new String[] {"hci-0001@EBS", "hci-0002@EBS"}) {
      assertThat(cluster.host(node).lvm().report().lvs())
          .as(node)
          .extracting(LogicalVolume::name)
          .containsExactlyInAnyOrder("pool", ready.getStatus().getLocalName());
    }
  }
}

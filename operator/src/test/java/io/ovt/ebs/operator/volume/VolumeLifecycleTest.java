package io.ovt.ebs.operator.volume;

import static io.ovt.ebs.operator.testing.TestCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.ReplicationStatus;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A replicated volume is created, synced, deleted without a trace, and created again. */
class VolumeLifecycleTest {
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
  void thickVolumeShowsItsInitialSyncThenIsReadyOnBothNodes() throws Exception {
    cluster.volume("data", "10Gi", Provisioning.THICK);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                cluster.get("data").getStatus() != null
                    && cluster.get("data").getStatus().getState() == VolumeState.Syncing);
    Volume syncing = cluster.get("data");
    assertThat(syncing.getStatus().getPrimaryNode()).isEqualTo("hci-0001");
    assertThat(syncing.getStatus().getSecondaryNode()).isEqualTo("hci-0002");
    assertThat(syncing.getStatus().getReplicationStatus()).isEqualTo(ReplicationStatus.ENABLING);
    cluster.syncClock.advance(Duration.ofSeconds(40)); // 100 MiB/s of 10 GiB: about 40%
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                cluster.get("data").getStatus().getSyncPercent() != null
                    && cluster.get("data").getStatus().getSyncPercent() > 30.0);
    assertThat(cluster.get("data").getStatus().getSyncPercent()).isLessThan(60.0);

    Volume ready = cluster.awaitReady("data");
    assertThat(ready.getStatus().getState()).isEqualTo(VolumeState.Available);
    assertThat(ready.getStatus().getReplicationStatus()).isEqualTo(ReplicationStatus.ENABLED);
    assertThat(ready.getStatus().getDrbd().getMinor()).isEqualTo(1000);
    assertThat(ready.getStatus().getDrbd().getPort()).isEqualTo(7001);
    assertThat(ready.getStatus().getDevicePath()).isEqualTo("/dev/drbd1000");
    assertThat(ready.getStatus().getInitialSyncComplete()).isTrue();
    assertThat(ready.getStatus().getReplicas())
        .extracting(r -> r.getBackendId() + " " + r.getRole() + " " + r.getDiskState())
        .containsExactly("hci-0001@EBS Primary UpToDate", "hci-0002@EBS Secondary UpToDate");
    assertThat(cluster.client.v1().events().inNamespace(NS).list().getItems())
        .filteredOn(e -> "data".equals(e.getInvolvedObject().getName()))
        .extracting(e -> e.getType() + " " + e.getReason())
        .contains("Normal Placed", "Normal Syncing", "Normal Available");
    String lv = ready.getStatus().getLocalName();

    for (String node : new String[] {"hci-0001@EBS", "hci-0002@EBS"}) {
      assertThat(cluster.host(node).lvm().report().lv(lv)).as(node).isPresent();
    }
  }

  @Test
  void deletingRemovesEveryTraceOnBothNodesAndTheNameCanBeUsedAgain() throws Exception {
    cluster.volume("data", "1Gi", Provisioning.THIN);
    String firstLv = cluster.awaitReady("data").getStatus().getLocalName();
    cluster.client.resources(Volume.class).inNamespace(NS).withName("data").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.get("data") == null);
    for (String node : new String[] {"hci-0001@EBS", "hci-0002@EBS"}) {
      assertThat(cluster.host(node).lvm().report().lv(firstLv)).as(node).isEmpty();
      assertThat(cluster.host(node).drbd().configs()).as(node).isEmpty();
      assertThat(cluster.host(node).drbd().status()).as(node).isEmpty();
    }
    cluster.volume("data", "1Gi", Provisioning.THIN);
    Volume again = cluster.awaitReady("data");
    assertThat(again.getStatus().getLocalName()).isNotEqualTo(firstLv);
    assertThat(again.getStatus().getDrbd().getMinor()).isEqualTo(1000);
  }
}

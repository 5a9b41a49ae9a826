package io.ovt.ebs.operator.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.NodeState;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.daemon.sim.SimOperation;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Injected faults surface as conditions a person can act on, and the volume recovers after. */
class FailureSwitchesTest {
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
  void anUnreachableSecondaryDegradesTheVolumeAndItHealsWhenTheDaemonReturns() {
    cluster.volume("data", "1Gi", Provisioning.THIN);
    cluster.awaitReady("data");
    cluster.daemons.stop("hci-0002@EBS");
    awaitReady("data", "NodeUnreachable", "secondary hci-0002@EBS is unreachable");
    assertThat(cluster.get("data").getStatus().getState()).isEqualTo(VolumeState.Degraded);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node("hci-0002").getStatus().getState() == NodeState.DOWN);
    cluster.daemons.restart("hci-0002@EBS");
    assertThat(cluster.awaitReady("data").getStatus().getState()).isEqualTo(VolumeState.Available);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node("hci-0002").getStatus().getState() == NodeState.UP);
  }

  @Test
  void aFailingCommandShowsItsErrorAndTheVolumeCompletesOnceItWorksAgain() {
    cluster
        .host("hci-0001@EBS")
        .faults()
        .failAlways(SimOperation.LV_CREATE, "device-mapper: create ioctl failed");
    cluster.volume("data", "1Gi", Provisioning.THICK);
    awaitReady("data", "NodeRejected", "device-mapper: create ioctl failed");
    assertThat(cluster.get("data").getStatus().getState()).isEqualTo(VolumeState.Error);
    cluster.host("hci-0001@EBS").faults().clear();
    assertThat(cluster.awaitReady("data").getStatus().getState()).isEqualTo(VolumeState.Available);
  }

  @Test
  void noSpaceLeftIsRefusedAtPlacementWithTheRoomThatIsLeft() {
    // 20 GiB volume groups, half of each a thin pool: 10 GiB for thick volumes.
    cluster.volume("big", "6Gi", Provisioning.THICK);
    cluster.awaitReady("big");
    cluster.volume("more", "6Gi", Provisioning.THICK);
    awaitReady("more", "InsufficientCapacity", "has room for");
  }

  private void awaitReady(String volume, String reason, String messagePart) {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              Volume v = cluster.get(volume);
              Condition ready = Conditions.find(v.getStatus(), ConditionType.Ready).orElse(null);
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

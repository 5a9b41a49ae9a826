package io.ovt.ebs.operator.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.ovt.ebs.crds.node.NodeCapacity;
import io.ovt.ebs.crds.node.NodeState;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.node.StorageNodeStatus;
import org.junit.jupiter.api.Test;

class HeartbeatChangesTest {
  @Test
  void aNewHeartbeatTimeAloneReconcilesNothing() {
    StorageNode old = node(1L, NodeState.UP, "2026-12-02T10:00:00Z", 100L);
    StorageNode updated = node(1L, NodeState.UP, "2026-12-02T10:00:02Z", 100L);

    assertThat(HeartbeatChanges.ignored().accept(updated, old)).isFalse();
  }

  @Test
  void aNodeGoingDownIsPassedOn() {
    StorageNode old = node(1L, NodeState.UP, "2026-12-02T10:00:00Z", 100L);
    StorageNode updated = node(1L, NodeState.DOWN, "2026-12-02T10:00:00Z", 100L);

    assertThat(HeartbeatChanges.ignored().accept(updated, old)).isTrue();
  }

  @Test
  void capacityAndSpecChangesArePassedOnWithTheHeartbeat() {
    StorageNode old = node(1L, NodeState.UP, "2026-12-02T10:00:00Z", 100L);

    assertThat(
            HeartbeatChanges.ignored()
                .accept(node(1L, NodeState.UP, "2026-12-02T10:00:02Z", 40L), old))
        .isTrue();
    assertThat(
            HeartbeatChanges.ignored()
                .accept(node(2L, NodeState.UP, "2026-12-02T10:00:00Z", 100L), old))
        .isTrue();
  }

  @Test
  void aFirstStatusIsPassedOn() {
    StorageNode old = node(1L, NodeState.UP, "2026-12-02T10:00:00Z", 100L);
    old.setStatus(null);

    assertThat(
            HeartbeatChanges.ignored()
                .accept(node(1L, NodeState.UP, "2026-12-02T10:00:00Z", 100L), old))
        .isTrue();
  }

  private static StorageNode node(Long generation, NodeState state, String beat, Long free) {
    StorageNode node = new StorageNode();
    node.setMetadata(
        new ObjectMetaBuilder().withName("hci-0001").withGeneration(generation).build());
    StorageNodeStatus status = new StorageNodeStatus();
    status.setState(state);
    status.setLastHeartbeat(beat);
    NodeCapacity capacity = new NodeCapacity();
    capacity.setVgFreeBytes(free);
    status.setCapacity(capacity);
    node.setStatus(status);
    return node;
  }
}

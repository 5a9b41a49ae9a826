package io.ovt.ebs.operator.volume;

import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.nodeapi.NodeApiException;
import io.ovt.ebs.nodeapi.NodeRejectedException;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.node.NodeApiFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Removes every trace of a volume from its nodes; says what blocks it when it cannot. */
final class VolumeCleanup {
  private final NodeApiFactory nodes;

  VolumeCleanup(NodeApiFactory nodes) {
    this.nodes = nodes;
  }

  /** What stopped the removal: empty when every node has let go of the volume. */
  List<String> remove(Volume volume, ClusterView cluster) {
    VolumeStatus status = volume.getStatus();
    List<String> blockers = new ArrayList<>();
    if (status == null || status.getLocalName() == null) {
      return blockers;
    }
    for (String name : new String[] {status.getSecondaryNode(), status.getPrimaryNode()}) {
      if (name == null) {
        continue;
      }
      Optional<StorageNode> node = cluster.node(name);
      if (node.isEmpty()) {
        blockers.add(
            "StorageNode "
                + name
                + " no longer exists; remove "
                + status.getLocalName()
                + " from that host by hand, then remove the finalizer");
        continue;
      }
      try {
        nodes.forNode(node.get()).delete(status.getLocalName());
      } catch (NodeApiException e) {
        String how = e instanceof NodeRejectedException ? " refused: " : " is unreachable: ";
        blockers.add(node.get().getSpec().getBackendId() + how + e.getMessage());
      }
    }
    return blockers;
  }
}

package io.ovt.ebs.operator.volume;

import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.nodeapi.NodeApiException;
import io.ovt.ebs.nodeapi.NodeRejectedException;
import io.ovt.ebs.nodeapi.ObservedVolume;
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
    String[] names = {status.getSecondaryNode(), status.getPrimaryNode()};
    // First make sure nothing depends on it anywhere, so a refusal never leaves half a volume.
    for (String name : names) {
      Optional<StorageNode> node = cluster.node(name);
      if (node.isEmpty()) {
        continue;
      }
      try {
        List<String> dependents =
            nodes
                .forNode(node.get())
                .volume(status.getLocalName())
                .map(ObservedVolume::dependents)
                .orElse(List.of());
        if (!dependents.isEmpty()) {
          blockers.add(dependentsMessage(node.get(), dependents, cluster));
        }
      } catch (NodeApiException e) {
        blockers.add(node.get().getSpec().getBackendId() + " is unreachable: " + e.getMessage());
      }
    }
    if (!blockers.isEmpty()) {
      return blockers;
    }
    for (String name : names) {
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

  /** Names the Volumes behind the LVs that depend on this one, as far as they are known. */
  private static String dependentsMessage(
      StorageNode node, List<String> dependents, ClusterView cluster) {
    List<String> names =
        dependents.stream()
            .map(lv -> lv.endsWith("-src") ? lv.substring(0, lv.length() - 4) : lv)
            .distinct()
            .map(
                lv ->
                    cluster
                        .volumes()
                        .filter(
                            v -> v.getStatus() != null && lv.equals(v.getStatus().getLocalName()))
                        .map(v -> "Volume " + v.getMetadata().getName())
                        .findFirst()
                        .orElse("LV " + lv))
            .toList();
    return String.join(", ", names)
        + " on "
        + node.getSpec().getBackendId()
        + (names.size() == 1 ? " depends" : " depend")
        + " on it (a thin clone shares its blocks, or a copy from it is running);"
        + " delete them first";
  }
}

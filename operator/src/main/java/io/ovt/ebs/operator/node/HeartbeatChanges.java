package io.ovt.ebs.operator.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.ovt.ebs.crds.node.StorageNode;
import java.util.Objects;

/**
 * Tells a StorageNode change that only moved its {@code lastHeartbeat} from one that matters to the
 * resources on the node. Every heartbeat writes that time; without this filter each one would
 * reconcile every volume of the node and send its daemons a PUT per volume.
 */
public final class HeartbeatChanges {
  private HeartbeatChanges() {}

  /** An update filter that lets through every change but a heartbeat's time alone. */
  public static OnUpdateFilter<StorageNode> ignored() {
    return (updated, old) -> !onlyHeartbeat(updated, old);
  }

  /** True when the two versions differ in nothing but {@code status.lastHeartbeat}. */
  static boolean onlyHeartbeat(StorageNode updated, StorageNode old) {
    return Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        && Objects.equals(updated.getMetadata().getLabels(), old.getMetadata().getLabels())
        && Objects.equals(withoutHeartbeat(updated), withoutHeartbeat(old));
  }

  private static JsonNode withoutHeartbeat(StorageNode node) {
    if (node.getStatus() == null) {
      return null;
    }
    JsonNode status = Serialization.jsonMapper().valueToTree(node.getStatus());
    if (status instanceof ObjectNode object) {
      object.remove("lastHeartbeat");
    }
    return status;
  }
}

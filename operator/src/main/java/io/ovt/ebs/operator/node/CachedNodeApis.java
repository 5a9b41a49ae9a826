package io.ovt.ebs.operator.node;

import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.nodeapi.NodeApi;

/** The node API of a StorageNode a reconciler's informer caches, found by the node's name. */
public final class CachedNodeApis {
  private final InformerEventSource<StorageNode, ?> nodes;
  private final NodeApiFactory factory;

  public CachedNodeApis(InformerEventSource<StorageNode, ?> nodes, NodeApiFactory factory) {
    this.nodes = nodes;
    this.factory = factory;
  }

  /** The API of the StorageNode named {@code node}; MissingNode when the cache has none. */
  public NodeApi of(String node) throws MissingNode {
    return nodes
        .list(n -> n.getMetadata().getName().equals(node))
        .findFirst()
        .map(factory::forNode)
        .orElseThrow(() -> new MissingNode(node));
  }

  /** A StorageNode named in a status is gone. */
  public static final class MissingNode extends Exception {
    MissingNode(String node) {
      super("StorageNode " + node + " does not exist");
    }
  }
}

package io.ovt.ebs.operator.node;

import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.nodeapi.NodeApi;

/** Gives the node API of a StorageNode; the only way the operator reaches a daemon. */
@FunctionalInterface
public interface NodeApiFactory {
  /** The API of the node's daemon at its spec's address and port. */
  NodeApi forNode(StorageNode node);
}

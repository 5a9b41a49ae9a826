package io.ovt.ebs.operator.node;

import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.nodeapi.NodeApi;
import java.time.Duration;

/** Gives the node API of a StorageNode; the only way the operator reaches a daemon. */
@FunctionalInterface
public interface NodeApiFactory {
  /** The API of the node's daemon at its spec's address and port. */
  NodeApi forNode(StorageNode node);

  /**
   * The node's API for calls that must answer within {@code timeout}, such as heartbeats and lease
   * renewals, which decide failover and so may not wait as long as storage work.
   */
  default NodeApi forNode(StorageNode node, Duration timeout) {
    return forNode(node);
  }

  /** Gives up on the node's calls now waiting for an answer: the node is known to be cut off. */
  default void abandonCalls(StorageNode node, String why) {}
}

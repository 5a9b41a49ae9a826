package io.ovt.ebs.operator.node;

import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.nodeapi.NodeApi;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Node APIs whose storage calls are batched per node ({@link BatchingNodeApi}); the operator's
 * reconcilers reach daemons through it. Calls with their own short timeout (heartbeats, leases) are
 * never batched: they decide failover and may not wait behind storage work.
 */
public final class BatchingNodeApiFactory implements NodeApiFactory {
  private final NodeApiFactory nodes;
  private final ConcurrentMap<String, BatchingNodeApi> batching = new ConcurrentHashMap<>();

  /** Batches the calls of {@code nodes}. */
  public BatchingNodeApiFactory(NodeApiFactory nodes) {
    this.nodes = nodes;
  }

  @Override
  public NodeApi forNode(StorageNode node) {
    // Keyed by where the daemon is: a node moved to a new address gets a new batcher.
    String key =
        node.getMetadata().getName()
            + "@"
            + node.getSpec().getAddress()
            + ":"
            + node.getSpec().getPort();
    return batching.computeIfAbsent(key, k -> new BatchingNodeApi(nodes.forNode(node)));
  }

  @Override
  public NodeApi forNode(StorageNode node, Duration timeout) {
    return nodes.forNode(node, timeout);
  }

  @Override
  public void abandonCalls(StorageNode node, String why) {
    nodes.abandonCalls(node, why);
  }
}

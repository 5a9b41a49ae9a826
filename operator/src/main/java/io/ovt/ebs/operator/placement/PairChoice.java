package io.ovt.ebs.operator.placement;

import java.util.List;

/**
 * A replication pair as placement sees it.
 *
 * @param name pair name
 * @param nodes its two StorageNode names
 * @param activeNode the node that serves the pair's volumes
 */
public record PairChoice(String name, List<String> nodes, String activeNode) {

  /** The node that is not active. */
  public String standbyNode() {
    return nodes.get(0).equals(activeNode) ? nodes.get(1) : nodes.get(0);
  }
}

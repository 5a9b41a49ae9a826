package io.ovt.ebs.bench;

import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.nodeapi.NodeApi;
import io.ovt.ebs.operator.node.NodeApiFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A node API factory that records every call the operator makes to a daemon (node, method, time),
 * so a benchmark can count the calls a phase needed without touching the operator.
 */
final class NodeCalls implements NodeApiFactory {
  /** Calls that only read a node or keep its lease: what a steady operator still makes. */
  static final Set<String> OBSERVATIONS = Set.of("node", "volumes", "volume", "renewLease");

  /** Calls that send desired state again: a no-op on a converged daemon. */
  static final Set<String> CONVERGES = Set.of("put", "putAll");

  /**
   * One call to a daemon.
   *
   * @param batch how many volumes a batch call ({@code putAll}, {@code volumes(names)}) carried; 0
   *     for any other call
   */
  record Call(Instant at, String node, String method, int batch) {
    boolean observation() {
      return OBSERVATIONS.contains(method);
    }

    boolean converge() {
      return CONVERGES.contains(method);
    }
  }

  private final NodeApiFactory inner;
  private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

  NodeCalls(NodeApiFactory inner) {
    this.inner = inner;
  }

  @Override
  public NodeApi forNode(StorageNode node) {
    return recording(node.getMetadata().getName(), inner.forNode(node));
  }

  @Override
  public NodeApi forNode(StorageNode node, java.time.Duration timeout) {
    return recording(node.getMetadata().getName(), inner.forNode(node, timeout));
  }

  @Override
  public void abandonCalls(StorageNode node, String why) {
    inner.abandonCalls(node, why);
  }

  /** The calls made in [from, to]. */
  List<Call> between(Instant from, Instant to) {
    return calls.stream().filter(c -> !c.at().isBefore(from) && !c.at().isAfter(to)).toList();
  }

  /** Every call so far. */
  List<Call> all() {
    return List.copyOf(calls);
  }

  /**
   * Counts by "node method", sorted; a batch call also adds the volumes it carried under "node
   * method volumes".
   */
  static Map<String, Integer> byNodeAndMethod(List<Call> calls) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Call c : calls) {
      String key = c.node() + " " + c.method() + (c.batch() > 0 ? "[]" : "");
      counts.merge(key, 1, Integer::sum);
      if (c.batch() > 0) {
        counts.merge(key + " volumes", c.batch(), Integer::sum);
      }
    }
    return counts;
  }

  private NodeApi recording(String node, NodeApi api) {
    return (NodeApi)
        Proxy.newProxyInstance(
            NodeApi.class.getClassLoader(),
            new Class<?>[] {NodeApi.class},
            (proxy, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return method.invoke(api, args);
              }
              // Recorded when it starts: a failover's calls to a dead node count too.
              int batch =
                  args != null && args.length == 1 && args[0] instanceof Collection<?> c
                      ? c.size()
                      : 0;
              calls.add(new Call(Instant.now(), node, method.getName(), batch));
              try {
                return method.invoke(api, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}

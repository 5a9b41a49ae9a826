package io.ovt.ebs.operator.failover;

import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverState;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.operator.cluster.ClusterView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Whether a lifecycle operation may touch its nodes now: not while a frozen FailoverPolicy governs
 * a pair holding one of them (the seed's {@code cinder freeze-host}). Pure.
 *
 * <p>A node is frozen by every frozen policy whose pair holds it, the rule that also shows the
 * StorageNode as {@code disabled}/{@code frozen}: a freeze belongs to a backend, as in Cinder, so a
 * volume with a replica on a frozen node waits even when another pair placed it there. Data access
 * is never asked about here: exports, the convergence of existing volumes and switchovers go on
 * while frozen.
 */
public final class LifecycleFreeze {
  /** What to tell the user to thaw. */
  static final String THAW = "set spec.frozen: false to thaw";

  /** The lifecycle operations a freeze holds, each with the words its message uses. */
  public enum Operation {
    /** Placing a new volume. */
    CREATE("creation"),
    /** Placing a volume made from a snapshot or a clone of a volume: its source's nodes count. */
    CLONE("creation from its source"),
    /** Growing a volume: the new size is not accepted. */
    EXTEND("extension"),
    /** Removing a volume from its nodes (the finalizer stays). */
    DELETE("deletion"),
    /** Taking a snapshot. */
    SNAPSHOT("the snapshot"),
    /** Removing a snapshot from its nodes (the finalizer stays). */
    SNAPSHOT_DELETE("deletion of the snapshot"),
    /**
     * Changing provisioning, replication or mode of a volume. A mode change asks {@link
     * #check(Operation, Volume)} before it is sent (VolumeConvergence); the others are not built
     * yet and will ask before they start copying, as EXTEND does.
     */
    RETYPE("retype"),
    /** Moving a volume to another pair or node. Not implemented yet: as RETYPE, for both ends. */
    MIGRATE("migration");

    private final String words;

    Operation(String words) {
      this.words = words;
    }

    /** How messages name the operation. */
    public String words() {
      return words;
    }
  }

  /** The answer for one operation. */
  public sealed interface Decision {}

  /** Nothing holds the operation. */
  public record Proceed() implements Decision {}

  /**
   * The operation waits for the policy to thaw.
   *
   * @param policy the FailoverPolicy that is frozen (the first by name, should there be several)
   * @param operation what waits
   * @param message what waits and how to release it, for a condition and an event
   */
  public record Held(String policy, Operation operation, String message) implements Decision {}

  private static final Proceed PROCEED = new Proceed();

  /** Frozen node name to the policy freezing it. */
  private final Map<String, String> frozenNodes;

  private LifecycleFreeze(Map<String, String> frozenNodes) {
    this.frozenNodes = frozenNodes;
  }

  /** The freeze as the caches show it. */
  public static LifecycleFreeze of(ClusterView cluster) {
    return of(cluster.policies().toList(), cluster::pair);
  }

  /** The freeze of these policies, with their pairs looked up by name. */
  public static LifecycleFreeze of(
      Collection<FailoverPolicy> policies, Function<String, Optional<ReplicationPair>> pairs) {
    Map<String, String> frozen = new TreeMap<>();
    policies.stream()
        .filter(LifecycleFreeze::holds)
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .forEach(
            p ->
                pairs
                    .apply(p.getSpec().getPair())
                    .filter(pair -> pair.getSpec() != null && pair.getSpec().getNodes() != null)
                    .ifPresent(
                        pair ->
                            pair.getSpec()
                                .getNodes()
                                .forEach(n -> frozen.putIfAbsent(n, p.getMetadata().getName()))));
    return new LifecycleFreeze(frozen);
  }

  /**
   * Frozen in its spec, or thawed while the node failed away from still resyncs: thaw takes effect
   * once that node is in sync again, as the seed's runbook thaws only then.
   */
  private static boolean holds(FailoverPolicy policy) {
    return policy.getSpec() != null
        && (Boolean.TRUE.equals(policy.getSpec().getFrozen())
            || (policy.getStatus() != null
                && policy.getStatus().getState() == FailoverState.Recovering));
  }

  /** Whether any node is frozen at all. */
  public boolean any() {
    return !frozenNodes.isEmpty();
  }

  /** Whether a frozen policy holds the node. */
  public boolean isFrozen(String node) {
    return node != null && frozenNodes.containsKey(node);
  }

  /** The operation on these nodes: held when any of them is frozen. */
  public Decision check(Operation operation, Collection<String> nodes) {
    return nodes.stream()
        .filter(Objects::nonNull)
        .map(frozenNodes::get)
        .filter(Objects::nonNull)
        .sorted()
        .findFirst()
        .<Decision>map(policy -> held(policy, operation))
        .orElse(PROCEED);
  }

  /**
   * The operation on a volume's nodes as its status records them. A volume that is not placed has
   * nothing on any node, so nothing holds it here (placement asks for CREATE itself).
   */
  public Decision check(Operation operation, Volume volume) {
    return check(operation, nodesOf(volume.getStatus()));
  }

  private static List<String> nodesOf(VolumeStatus status) {
    List<String> nodes = new ArrayList<>();
    if (status != null && status.getLocalName() != null) {
      nodes.add(status.getPrimaryNode());
      nodes.add(status.getSecondaryNode());
    }
    return nodes;
  }

  private static Held held(String policy, Operation operation) {
    return new Held(
        policy,
        operation,
        operation.words() + " waits: FailoverPolicy " + policy + " is frozen (" + THAW + ")");
  }
}

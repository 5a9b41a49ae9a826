package io.ovt.ebs.cindersync.mirror;

import java.util.Objects;

/**
 * Keeps a cinder-volume service's replication state ({@code active_backend_id}, {@code frozen}) and
 * its FailoverPolicy's spec ({@code activeBackend}, {@code frozen}) the same, in both directions,
 * by a three-way comparison with the state both last agreed on: the side that changed since is
 * carried to the other, so nothing is ever sent back to where it came from (no loop). When both
 * changed, the policy wins: it says which node really serves, and Cinder only records.
 */
public final class ServiceStateSync {
  private ServiceStateSync() {}

  /**
   * A replication state: the backend that serves and whether lifecycle operations are held.
   *
   * @param activeBackend backend id of the serving node (never Cinder's empty "default")
   */
  public record State(String activeBackend, boolean frozen) {}

  /** What to do for one service and its policy. */
  public sealed interface Decision {}

  /** Both agree: nothing to do. */
  public record InStep() implements Decision {}

  /** The sides agree on a state not recorded yet (first run, or both made the same change). */
  public record Record(State agreed) implements Decision {}

  /** Cinder changed (failover-host, freeze-host, thaw-host): edit the policy's spec. */
  public record ToPolicy(State state) implements Decision {}

  /** The operator changed (an automatic failover, a person's kubectl edit): tell Cinder. */
  public record ToCinder(State state, State cinderHas) implements Decision {}

  /**
   * Decides.
   *
   * @param cinder the service's state, with Cinder's empty {@code active_backend_id} already turned
   *     into the service's own backend id
   * @param policy the policy's spec
   * @param agreed the state both last agreed on, or null when never recorded
   */
  public static Decision decide(State cinder, State policy, State agreed) {
    if (cinder.equals(policy)) {
      return cinder.equals(agreed) ? new InStep() : new Record(cinder);
    }
    if (agreed == null) {
      // Nothing known of who moved: the policy is the running truth, as on a conflict.
      return new ToCinder(policy, cinder);
    }
    boolean cinderMoved = !cinder.equals(agreed);
    boolean policyMoved = !policy.equals(agreed);
    if (cinderMoved && !policyMoved) {
      return new ToPolicy(cinder);
    }
    return new ToCinder(policy, cinder);
  }

  /** Cinder's {@code active_backend_id}: empty or "default" means the service's own backend. */
  public static String activeBackend(String activeBackendId, String serviceBackend) {
    return activeBackendId == null
            || activeBackendId.isBlank()
            || Objects.equals(activeBackendId, "default")
        ? serviceBackend
        : activeBackendId;
  }
}

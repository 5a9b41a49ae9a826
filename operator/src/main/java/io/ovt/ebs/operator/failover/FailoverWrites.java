package io.ovt.ebs.operator.failover;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverRecord;
import io.ovt.ebs.operator.cluster.ClusterView;
import java.time.Duration;

/**
 * The two writes of an automatic failover, in an order a crash cannot spoil: the record first (in
 * status), then the spec edit the seed's runbook did by hand ({@code failover-host} and {@code
 * freeze-host}: the standby becomes the active backend and the pair is frozen). A policy whose
 * record is written but whose spec still names the old node gets the spec edit on its next
 * reconcile.
 */
final class FailoverWrites {
  private static final Duration SOON = Duration.ofMillis(200);

  private FailoverWrites() {}

  /** Records the failover in status, tells the observer, then edits the spec. */
  static UpdateControl<FailoverPolicy> start(
      FailoverPolicy policy,
      FailoverRecord record,
      ClusterView cluster,
      Context<FailoverPolicy> context,
      FailoverObserver observer) {
    policy.getStatus().setLastFailover(record);
    policy.getStatus().setState(io.ovt.ebs.crds.replication.FailoverState.FailingOver);
    FailoverPolicy written = context.getClient().resource(policy).updateStatus();
    // Told only once the record stands: a refused write is retried as a new decision.
    observer.started(record);
    return applySpec(written, record, cluster, context);
  }

  /** Makes the record's target the active backend and freezes the pair. */
  static UpdateControl<FailoverPolicy> applySpec(
      FailoverPolicy policy,
      FailoverRecord record,
      ClusterView cluster,
      Context<FailoverPolicy> context) {
    String backend = backendOf(record.getTo(), cluster);
    context
        .getClient()
        .resources(FailoverPolicy.class)
        .withName(policy.getMetadata().getName())
        .edit(
            p -> {
              p.getSpec().setActiveBackend(backend);
              p.getSpec().setFrozen(true);
              return p;
            });
    return UpdateControl.<FailoverPolicy>noUpdate().rescheduleAfter(SOON);
  }

  private static String backendOf(String node, ClusterView cluster) {
    return cluster
        .node(node)
        .map(n -> n.getSpec().getBackendId())
        .orElseThrow(() -> new IllegalStateException("StorageNode " + node + " is gone"));
  }
}

package io.ovt.ebs.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ovt.ebs.crds.Api;
import io.ovt.ebs.operator.allocation.AllocationLedger;
import io.ovt.ebs.operator.events.EventRecorder;
import io.ovt.ebs.operator.export.VolumeExportReconciler;
import io.ovt.ebs.operator.failover.FailoverPolicyReconciler;
import io.ovt.ebs.operator.failover.NodeLeases;
import io.ovt.ebs.operator.metrics.OperatorMetrics;
import io.ovt.ebs.operator.node.BatchingNodeApiFactory;
import io.ovt.ebs.operator.node.LeaseRenewer;
import io.ovt.ebs.operator.node.NodeApiFactory;
import io.ovt.ebs.operator.node.StorageNodeReconciler;
import io.ovt.ebs.operator.pair.ReplicationPairReconciler;
import io.ovt.ebs.operator.snapshot.SnapshotReconciler;
import io.ovt.ebs.operator.upload.ImageUploadReconciler;
import io.ovt.ebs.operator.volume.VolumeReconciler;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The operator: every EBS reconciler registered on one JOSDK operator. */
public final class EbsOperator implements AutoCloseable {
  private final Operator operator;
  private final LeaseRenewer renewer;
  private final OperatorMetrics metrics;

  private EbsOperator(Operator operator, LeaseRenewer renewer, OperatorMetrics metrics) {
    this.operator = operator;
    this.renewer = renewer;
    this.metrics = metrics;
  }

  /** Starts reconciling, with metrics kept in memory only. */
  public static EbsOperator start(
      KubernetesClient client,
      NodeApiFactory nodes,
      OperatorSettings settings,
      Optional<LeaderElection> leaderElection,
      Clock clock) {
    return start(
        client,
        nodes,
        settings,
        leaderElection,
        clock,
        new OperatorMetrics(new SimpleMeterRegistry(), clock));
  }

  /**
   * Starts reconciling. With leader election, reconcilers run only while this replica leads.
   *
   * @param client the Kubernetes client; the caller keeps ownership
   * @param nodes how the operator reaches node daemons
   * @param metrics where the operator's and JOSDK's meters go
   */
  public static EbsOperator start(
      KubernetesClient client,
      NodeApiFactory nodes,
      OperatorSettings settings,
      Optional<LeaderElection> leaderElection,
      Clock clock,
      OperatorMetrics metrics) {
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics.registry()));
              leaderElection.ifPresent(
                  le ->
                      o.withLeaderElectionConfiguration(
                          LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                                  le.leaseName())
                              .withLeaseNamespace(le.namespace())
                              .withIdentity(le.identity())
                              .withLeaseDuration(le.leaseDuration())
                              .withRenewDeadline(le.renewDeadline())
                              .withRetryPeriod(le.retryPeriod())
                              .withExitOnStopLeading(le.exitOnLoss())
                              .build()));
            });
    // Concurrent reconciles' calls to one daemon go in batches (a failover touches every volume).
    NodeApiFactory batched = new BatchingNodeApiFactory(nodes);
    EventRecorder events = new EventRecorder(client, clock, metrics);
    NodeLeases leases = NodeLeases.system();
    LeaseRenewer renewer = new LeaseRenewer(2);
    // Every resource is looked at again at least this often, even after JOSDK's retries of a
    // failing reconcile are used up: a volume must never stay stuck on a passing fault.
    Duration atLeastEvery = settings.steadyRequeue().multipliedBy(2);
    operator.register(
        new StorageNodeReconciler(
            batched, events, settings, clock, leases, renewer, metrics::watch),
        c -> c.withName("storagenode").withReconciliationMaxInterval(atLeastEvery));
    operator.register(
        new ReplicationPairReconciler(events, settings, clock),
        c -> c.withName("replicationpair").withReconciliationMaxInterval(atLeastEvery));
    operator.register(
        new FailoverPolicyReconciler(batched, leases, events, settings, clock, metrics),
        c -> c.withName("failoverpolicy").withReconciliationMaxInterval(atLeastEvery));
    operator.register(
        new VolumeReconciler(batched, new AllocationLedger(), events, settings, clock, leases),
        c ->
            c.withName("volume")
                .withFinalizer(Api.FINALIZER)
                .withReconciliationMaxInterval(atLeastEvery));
    operator.register(
        new SnapshotReconciler(batched, events, settings, clock),
        c ->
            c.withName("snapshot")
                .withFinalizer(Api.FINALIZER)
                .withReconciliationMaxInterval(atLeastEvery));
    operator.register(
        new ImageUploadReconciler(client, batched, events, settings, clock),
        c ->
            c.withName("imageupload")
                .withFinalizer(Api.FINALIZER)
                .withReconciliationMaxInterval(atLeastEvery));
    operator.register(
        new VolumeExportReconciler(events, settings, clock),
        c ->
            c.withName("volumeexport")
                .withFinalizer(Api.FINALIZER)
                .withReconciliationMaxInterval(atLeastEvery));
    operator.start();
    return new EbsOperator(operator, renewer, metrics);
  }

  /** The operator's metrics. */
  public OperatorMetrics metrics() {
    return metrics;
  }

  /** Stops reconciling; what is half done is finished by the next operator from status. */
  @Override
  public void close() {
    operator.stop();
    renewer.close();
  }
}

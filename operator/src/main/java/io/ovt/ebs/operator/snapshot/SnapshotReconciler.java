package io.ovt.ebs.operator.snapshot;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.ovt.ebs.crds.common.ConditionStatus;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.SnapshotStatus;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.nodeapi.NodeApiException;
import io.ovt.ebs.nodeapi.ObservedSnapshot;
import io.ovt.ebs.operator.OperatorSettings;
import io.ovt.ebs.operator.Sizes;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.cluster.Informers;
import io.ovt.ebs.operator.events.EventRecorder;
import io.ovt.ebs.operator.failover.LifecycleFreeze;
import io.ovt.ebs.operator.failover.LifecycleFreeze.Operation;
import io.ovt.ebs.operator.node.CachedNodeApis;
import io.ovt.ebs.operator.node.CachedNodeApis.MissingNode;
import io.ovt.ebs.operator.node.NodeApiFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciles a Snapshot: names its LV (recorded before use), takes it on the volume's replicas when
 * the volume allows, reports where it is; deletion removes it from every node through a finalizer,
 * unless something still depends on it.
 */
public final class SnapshotReconciler implements Reconciler<Snapshot>, Cleaner<Snapshot> {
  private final NodeApiFactory nodes;
  private final EventRecorder events;
  private final OperatorSettings settings;
  private final Clock clock;
  private InformerEventSource<Volume, Snapshot> volumes;
  private InformerEventSource<StorageNode, Snapshot> storageNodes;
  private CachedNodeApis apis;
  private ClusterView cluster;

  public SnapshotReconciler(
      NodeApiFactory nodes, EventRecorder events, OperatorSettings settings, Clock clock) {
    this.nodes = nodes;
    this.events = events;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Snapshot>> prepareEventSources(EventSourceContext<Snapshot> context) {
    volumes =
        Informers.of(
            Volume.class,
            context,
            Informers.toPrimaries(
                context,
                volume ->
                    s ->
                        s.getSpec() != null
                            && volume.getMetadata().getName().equals(s.getSpec().getVolume())
                            && Objects.equals(
                                volume.getMetadata().getNamespace(),
                                s.getMetadata().getNamespace())));
    storageNodes = Informers.of(StorageNode.class, context, Informers.none());
    apis = new CachedNodeApis(storageNodes, nodes);
    // A thaw lets held snapshots go on: those not taken yet and those being deleted.
    InformerEventSource<FailoverPolicy, Snapshot> policies =
        Informers.of(
            FailoverPolicy.class,
            context,
            Informers.toPrimaries(
                context,
                policy ->
                    s ->
                        s.getMetadata().getDeletionTimestamp() != null
                            || s.getStatus() == null
                            || !Boolean.TRUE.equals(s.getStatus().getReadyToUse())));
    InformerEventSource<ReplicationPair, Snapshot> pairs =
        Informers.of(ReplicationPair.class, context, Informers.none());
    cluster = new ClusterView(storageNodes, pairs, policies, volumes);
    return List.of(volumes, storageNodes, policies, pairs);
  }

  @Override
  public UpdateControl<Snapshot> reconcile(Snapshot snapshot, Context<Snapshot> context) {
    if (snapshot.getStatus() == null) {
      snapshot.setStatus(new SnapshotStatus());
    }
    SnapshotStatus status = snapshot.getStatus();
    if (Boolean.TRUE.equals(status.getReadyToUse())) {
      return UpdateControl.<Snapshot>noUpdate().rescheduleAfter(settings.steadyRequeue());
    }
    String volumeName = snapshot.getSpec().getVolume();
    Optional<Volume> volume = volume(snapshot);
    if (volume.isEmpty()) {
      return notReady(
          snapshot, context, SnapshotReason.VolumeNotFound, "no Volume " + volumeName + " here");
    }
    if (volume.get().getMetadata().getDeletionTimestamp() != null) {
      return notReady(
          snapshot, context, SnapshotReason.VolumeNotReady, volumeName + " is being deleted");
    }
    if (LifecycleFreeze.of(cluster).check(Operation.SNAPSHOT, volume.get())
        instanceof LifecycleFreeze.Held held) {
      return notReady(snapshot, context, SnapshotReason.LifecycleFrozen, held.message());
    }
    VolumeStatus volumeStatus = volume.get().getStatus();
    SnapshotPlan plan = SnapshotPlan.of(volumeName, volumeStatus);
    if (plan instanceof SnapshotPlan.Wait wait) {
      return notReady(snapshot, context, wait.reason(), wait.message());
    }
    if (status.getLocalName() == null) {
      // Recorded before any node hears of it, so a restarted operator finds what it made.
      status.setLocalName(localName(snapshot));
      setReady(snapshot, ConditionStatus.False, SnapshotReason.Taking, "taking the snapshot");
      snapshot = write(snapshot, context);
      status = snapshot.getStatus();
    }
    String lv = volumeStatus.getLocalName();
    try {
      ObservedSnapshot taken;
      List<String> where;
      String message;
      SnapshotReason reason;
      if (plan instanceof SnapshotPlan.BothReplicas both) {
        taken =
            SnapshotTaker.both(
                apis.of(both.primary()),
                apis.of(both.secondary()),
                lv,
                status.getLocalName(),
                settings.snapshotHold());
        where = List.of(both.primary(), both.secondary());
        reason = SnapshotReason.Taken;
        message =
            "taken on " + both.primary() + " and " + both.secondary() + " at one point in time";
      } else {
        SnapshotPlan.PrimaryOnly one = (SnapshotPlan.PrimaryOnly) plan;
        taken = SnapshotTaker.primaryOnly(apis.of(one.primary()), lv, status.getLocalName());
        where = List.of(one.primary());
        reason = one.why() == null ? SnapshotReason.Taken : SnapshotReason.TakenOnPrimaryOnly;
        message = "taken on " + one.primary() + (one.why() == null ? "" : " only: " + one.why());
      }
      status.setNodes(new ArrayList<>(where));
      status.setDataBytes(taken.dataBytes());
      status.setSizeBytes(Sizes.bytes(volume.get().getSpec().getSize()));
      status.setReadyToUse(true);
      setReady(snapshot, ConditionStatus.True, reason, message);
      write(snapshot, context);
      events.record(snapshot, EventRecorder.Type.Normal, reason, message);
      return UpdateControl.<Snapshot>noUpdate().rescheduleAfter(settings.steadyRequeue());
    } catch (NodeApiException | MissingNode e) {
      return notReady(snapshot, context, SnapshotReason.TakeFailed, e.getMessage());
    }
  }

  @Override
  public DeleteControl cleanup(Snapshot snapshot, Context<Snapshot> context) {
    SnapshotStatus status = snapshot.getStatus();
    if (status == null || status.getLocalName() == null) {
      return DeleteControl.defaultDelete();
    }
    Optional<Volume> volume = volume(snapshot);
    Set<String> holders = new LinkedHashSet<>(status.getNodes());
    volume
        .map(Volume::getStatus)
        .ifPresent(
            v -> {
              // An interrupted attempt may have left it on either replica.
              if (v.getPrimaryNode() != null) {
                holders.add(v.getPrimaryNode());
              }
              if (v.getSecondaryNode() != null) {
                holders.add(v.getSecondaryNode());
              }
            });
    List<String> blockers = new ArrayList<>();
    SnapshotReason reason = SnapshotReason.DeleteBlocked;
    String lv = volume.map(Volume::getStatus).map(VolumeStatus::getLocalName).orElse(null);
    if (LifecycleFreeze.of(cluster).check(Operation.SNAPSHOT_DELETE, holders)
        instanceof LifecycleFreeze.Held held) {
      // The snapshot stays on its nodes, and usable, until the thaw.
      reason = SnapshotReason.LifecycleFrozen;
      blockers.add(held.message());
    } else if (lv == null && !holders.isEmpty()) {
      blockers.add(
          "its Volume "
              + snapshot.getSpec().getVolume()
              + " is gone; remove the LV "
              + status.getLocalName()
              + " from "
              + holders
              + " by hand, then the finalizer");
    } else {
      for (String node : holders) {
        try {
          apis.of(node).deleteSnapshot(lv, status.getLocalName());
        } catch (NodeApiException | MissingNode e) {
          blockers.add(node + ": " + e.getMessage());
        }
      }
    }
    if (blockers.isEmpty()) {
      events.record(
          snapshot, EventRecorder.Type.Normal, SnapshotReason.Deleting, "removed from " + holders);
      return DeleteControl.defaultDelete();
    }
    String message = String.join("; ", blockers);
    String before =
        Conditions.find(status, ConditionType.Ready).map(c -> c.getReason()).orElse(null);
    setReady(snapshot, ConditionStatus.False, reason, message);
    if (!reason.name().equals(before)) {
      events.record(snapshot, EventRecorder.Type.Warning, reason, message);
    }
    try {
      write(snapshot, context);
    } catch (RuntimeException e) {
      // The status is only information here; the retry below is what matters.
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(settings.pendingRequeue());
  }

  /** The LV name: from the UID, unique and free of anything a user typed. */
  static String localName(Snapshot snapshot) {
    return "ebss-" + snapshot.getMetadata().getUid().toLowerCase(Locale.ROOT);
  }

  private Optional<Volume> volume(Snapshot snapshot) {
    return volumes
        .list(
            snapshot.getMetadata().getNamespace(),
            v -> v.getMetadata().getName().equals(snapshot.getSpec().getVolume()))
        .findFirst();
  }

  private UpdateControl<Snapshot> notReady(
      Snapshot snapshot, Context<Snapshot> context, SnapshotReason reason, String message) {
    String before =
        Conditions.find(snapshot.getStatus(), ConditionType.Ready)
            .map(c -> c.getReason())
            .orElse(null);
    snapshot.getStatus().setReadyToUse(false);
    setReady(snapshot, ConditionStatus.False, reason, message);
    write(snapshot, context);
    if (!reason.name().equals(before)) {
      events.record(snapshot, EventRecorder.Type.Warning, reason, message);
    }
    return UpdateControl.<Snapshot>noUpdate().rescheduleAfter(settings.pendingRequeue());
  }

  private void setReady(
      Snapshot snapshot, ConditionStatus value, SnapshotReason reason, String message) {
    SnapshotStatus status = snapshot.getStatus();
    Conditions.set(
        status,
        ConditionType.Ready,
        value,
        reason,
        message,
        snapshot.getMetadata().getGeneration(),
        clock.instant());
    status.setObservedGeneration(snapshot.getMetadata().getGeneration());
  }

  private static Snapshot write(Snapshot snapshot, Context<Snapshot> context) {
    SnapshotStatus status = snapshot.getStatus();
    return PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
        snapshot,
        context,
        fresh -> {
          // cinder-sync's condition is its own: whatever it last wrote stays.
          Conditions.carryOver(fresh.getStatus(), status, ConditionType.CinderSynced);
          fresh.setStatus(status);
          return fresh;
        });
  }
}

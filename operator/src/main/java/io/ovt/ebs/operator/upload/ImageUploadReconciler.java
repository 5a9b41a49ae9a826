package io.ovt.ebs.operator.upload;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import io.ovt.ebs.crds.volume.ImageUpload;
import io.ovt.ebs.crds.volume.ImageUploadStatus;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.SnapshotSpec;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.NodeApi;
import io.ovt.ebs.nodeapi.NodeApiException;
import io.ovt.ebs.nodeapi.NodeRejectedException;
import io.ovt.ebs.nodeapi.UploadRequest;
import io.ovt.ebs.operator.OperatorSettings;
import io.ovt.ebs.operator.cluster.Informers;
import io.ovt.ebs.operator.events.EventRecorder;
import io.ovt.ebs.operator.node.CachedNodeApis;
import io.ovt.ebs.operator.node.CachedNodeApis.MissingNode;
import io.ovt.ebs.operator.node.NodeApiFactory;
import io.ovt.ebs.operator.upload.UploadDecisions.Done;
import io.ovt.ebs.operator.upload.UploadDecisions.Refused;
import io.ovt.ebs.operator.upload.UploadDecisions.Running;
import io.ovt.ebs.operator.upload.UploadDecisions.Start;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reconciles an ImageUpload: takes a Snapshot of the volume for it (a crash-consistent copy, owned
 * by the upload), has the node holding the snapshot upload it, reports progress, size and checksum,
 * and removes the snapshot once the upload is done or refused. Deletion stops the job and removes
 * the snapshot through a finalizer.
 */
public final class ImageUploadReconciler implements Reconciler<ImageUpload>, Cleaner<ImageUpload> {
  private final KubernetesClient client;
  private final NodeApiFactory nodes;
  private final EventRecorder events;
  private final OperatorSettings settings;
  private final Clock clock;
  private InformerEventSource<Volume, ImageUpload> volumes;
  private InformerEventSource<Snapshot, ImageUpload> snapshots;
  private InformerEventSource<StorageNode, ImageUpload> storageNodes;
  private CachedNodeApis apis;

  public ImageUploadReconciler(
      KubernetesClient client,
      NodeApiFactory nodes,
      EventRecorder events,
      OperatorSettings settings,
      Clock clock) {
    this.client = client;
    this.nodes = nodes;
    this.events = events;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, ImageUpload>> prepareEventSources(
      EventSourceContext<ImageUpload> context) {
    volumes =
        Informers.of(
            Volume.class,
            context,
            Informers.toPrimaries(
                context,
                volume ->
                    u ->
                        volume.getMetadata().getName().equals(u.getSpec().getVolume())
                            && volume
                                .getMetadata()
                                .getNamespace()
                                .equals(u.getMetadata().getNamespace())));
    snapshots =
        Informers.of(
            Snapshot.class,
            context,
            Informers.toPrimaries(
                context,
                snapshot ->
                    u ->
                        snapshot.getMetadata().getOwnerReferences().stream()
                            .anyMatch(o -> o.getUid().equals(u.getMetadata().getUid()))));
    storageNodes = Informers.of(StorageNode.class, context, Informers.none());
    apis = new CachedNodeApis(storageNodes, nodes);
    return List.of(volumes, snapshots, storageNodes);
  }

  @Override
  public UpdateControl<ImageUpload> reconcile(ImageUpload upload, Context<ImageUpload> context) {
    if (upload.getStatus() == null) {
      upload.setStatus(new ImageUploadStatus());
    }
    Optional<UploadReason> before = reason(upload);
    if (before.isPresent() && before.get().isFinal()) {
      // Done or refused: only the snapshot taken for it may be left to remove.
      removeSnapshot(upload);
      return UpdateControl.<ImageUpload>noUpdate().rescheduleAfter(settings.steadyRequeue());
    }
    Optional<UploadDecisions.Refusal> refusal = UploadDecisions.refusal(upload.getSpec());
    if (refusal.isPresent()) {
      return finish(upload, context, refusal.get().reason(), refusal.get().message());
    }
    Optional<Volume> volume = volume(upload);
    if (volume.isEmpty() || volume.get().getStatus() == null) {
      return waiting(
          upload,
          context,
          UploadReason.VolumeNotFound,
          "no Volume "
              + upload.getSpec().getVolume()
              + " in "
              + upload.getMetadata().getNamespace());
    }
    Snapshot snapshot = snapshot(upload).orElseGet(() -> createSnapshot(upload));
    if (snapshot.getStatus() == null
        || !Boolean.TRUE.equals(snapshot.getStatus().getReadyToUse())
        || snapshot.getStatus().getNodes() == null
        || snapshot.getStatus().getNodes().isEmpty()) {
      String why =
          Optional.ofNullable(snapshot.getStatus())
              .flatMap(s -> Conditions.find(s, ConditionType.Ready))
              .map(c -> ": " + c.getMessage())
              .orElse("");
      return waiting(
          upload,
          context,
          UploadReason.Snapshotting,
          "taking Snapshot " + snapshot.getMetadata().getName() + why);
    }
    String node = snapshot.getStatus().getNodes().get(0);
    UploadRequest request =
        new UploadRequest(
            volume.get().getStatus().getLocalName(),
            snapshot.getStatus().getLocalName(),
            upload.getSpec().getDestination().getUrl(),
            UploadDecisions.format(upload.getSpec().getFormat()));
    try {
      NodeApi api = apis.of(node);
      UploadDecisions.Step step = UploadDecisions.next(api.upload(jobName(upload)));
      if (step instanceof Start start) {
        step = UploadDecisions.next(Optional.of(api.startUpload(jobName(upload), request)));
        if (step instanceof Start again) {
          return waiting(upload, context, UploadReason.Uploading, again.why());
        }
      }
      if (step instanceof Running running) {
        upload.getStatus().setProgressPercent(running.percent());
        return waiting(upload, context, UploadReason.Uploading, "uploading from " + node);
      }
      if (step instanceof Done done) {
        ImageUploadStatus status = upload.getStatus();
        status.setProgressPercent(100.0);
        status.setBytes(done.bytes());
        status.setSha256(done.sha256());
        // Recorded before the node forgets the job: a lost write must not mean a second upload.
        UpdateControl<ImageUpload> finished =
            finish(
                upload,
                context,
                UploadReason.Uploaded,
                done.bytes() + " bytes uploaded to " + request.url() + ", sha256 " + done.sha256());
        forgetJob(api, upload);
        return finished;
      }
      UpdateControl<ImageUpload> failed =
          finish(
              upload,
              context,
              UploadReason.Failed,
              ((Refused) step).message() + "; fix the destination and create another ImageUpload");
      forgetJob(api, upload);
      return failed;
    } catch (NodeRejectedException e) {
      if (e.error().code() == ErrorCode.INVALID_REQUEST) {
        return finish(upload, context, UploadReason.Failed, node + " refused: " + e.getMessage());
      }
      return waiting(upload, context, UploadReason.Uploading, node + ": " + e.getMessage());
    } catch (NodeApiException | MissingNode e) {
      return waiting(upload, context, UploadReason.Uploading, e.getMessage());
    }
  }

  @Override
  public DeleteControl cleanup(ImageUpload upload, Context<ImageUpload> context) {
    Optional<Snapshot> snapshot = snapshot(upload);
    Optional<String> node =
        snapshot
            .map(Snapshot::getStatus)
            .map(s -> s.getNodes())
            .filter(n -> !n.isEmpty())
            .map(n -> n.get(0));
    if (node.isPresent()) {
      try {
        // The job lets go of the snapshot before the snapshot goes.
        apis.of(node.get()).deleteUpload(jobName(upload));
      } catch (NodeApiException | MissingNode e) {
        events.record(
            upload,
            EventRecorder.Type.Warning,
            UploadReason.Failed,
            "cannot stop the upload on " + node.get() + ": " + e.getMessage());
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(settings.pendingRequeue());
      }
    }
    removeSnapshot(upload);
    return DeleteControl.defaultDelete();
  }

  /** The node's job name: from the UID, unique and free of anything a user typed. */
  static String jobName(ImageUpload upload) {
    return "ebsu-" + upload.getMetadata().getUid().toLowerCase(Locale.ROOT);
  }

  /** The Snapshot taken for an upload. */
  static String snapshotName(ImageUpload upload) {
    return upload.getMetadata().getName() + "-upload";
  }

  private Optional<Snapshot> snapshot(ImageUpload upload) {
    return snapshots
        .list(
            upload.getMetadata().getNamespace(),
            s -> s.getMetadata().getName().equals(snapshotName(upload)))
        .findFirst();
  }

  private Snapshot createSnapshot(ImageUpload upload) {
    Snapshot s = new Snapshot();
    s.getMetadata().setName(snapshotName(upload));
    s.getMetadata().setNamespace(upload.getMetadata().getNamespace());
    // Owned, so a cluster's garbage collector removes it should the upload go without cleanup.
    s.getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion(upload.getApiVersion())
                    .withKind(upload.getKind())
                    .withName(upload.getMetadata().getName())
                    .withUid(upload.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(false)
                    .build()));
    SnapshotSpec spec = new SnapshotSpec();
    spec.setVolume(upload.getSpec().getVolume());
    s.setSpec(spec);
    Snapshot created = client.resource(s).create();
    events.record(
        upload,
        EventRecorder.Type.Normal,
        UploadReason.Snapshotting,
        "created Snapshot " + created.getMetadata().getName() + " for the upload");
    return created;
  }

  private void removeSnapshot(ImageUpload upload) {
    if (snapshot(upload).isPresent()) {
      client
          .resources(Snapshot.class)
          .inNamespace(upload.getMetadata().getNamespace())
          .withName(snapshotName(upload))
          .delete();
    }
  }

  private void forgetJob(NodeApi api, ImageUpload upload) {
    try {
      api.deleteUpload(jobName(upload));
    } catch (NodeApiException e) {
      // A finished job holds nothing; a daemon restart forgets it anyway.
    }
  }

  private Optional<Volume> volume(ImageUpload upload) {
    return volumes
        .list(
            upload.getMetadata().getNamespace(),
            v -> v.getMetadata().getName().equals(upload.getSpec().getVolume()))
        .findFirst();
  }

  private static Optional<UploadReason> reason(ImageUpload upload) {
    return Conditions.find(upload.getStatus(), ConditionType.Ready)
        .map(c -> c.getReason())
        .flatMap(
            r -> Arrays.stream(UploadReason.values()).filter(v -> v.name().equals(r)).findFirst());
  }

  private UpdateControl<ImageUpload> waiting(
      ImageUpload upload, Context<ImageUpload> context, UploadReason reason, String message) {
    setReady(upload, ConditionStatus.False, reason, message, context);
    return UpdateControl.<ImageUpload>noUpdate().rescheduleAfter(settings.pendingRequeue());
  }

  private UpdateControl<ImageUpload> finish(
      ImageUpload upload, Context<ImageUpload> context, UploadReason reason, String message) {
    ConditionStatus value =
        reason == UploadReason.Uploaded ? ConditionStatus.True : ConditionStatus.False;
    setReady(upload, value, reason, message, context);
    removeSnapshot(upload);
    return UpdateControl.<ImageUpload>noUpdate().rescheduleAfter(settings.steadyRequeue());
  }

  private void setReady(
      ImageUpload upload,
      ConditionStatus value,
      UploadReason reason,
      String message,
      Context<ImageUpload> context) {
    Optional<UploadReason> before = reason(upload);
    ImageUploadStatus status = upload.getStatus();
    Conditions.set(
        status,
        ConditionType.Ready,
        value,
        reason,
        message,
        upload.getMetadata().getGeneration(),
        clock.instant());
    status.setObservedGeneration(upload.getMetadata().getGeneration());
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
        upload,
        context,
        fresh -> {
          fresh.setStatus(status);
          return fresh;
        });
    if (before.isEmpty() || before.get() != reason) {
      boolean bad =
          reason == UploadReason.Failed || reason.isFinal() && value != ConditionStatus.True;
      events.record(
          upload, bad ? EventRecorder.Type.Warning : EventRecorder.Type.Normal, reason, message);
    }
  }
}

package io.ovt.ebs.operator.export;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.ovt.ebs.crds.Api;
import io.ovt.ebs.crds.common.ConditionStatus;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.crds.volume.VolumeExportStatus;
import io.ovt.ebs.crds.volume.VolumeTarget;
import io.ovt.ebs.nodeapi.DesiredExport;
import io.ovt.ebs.operator.OperatorSettings;
import io.ovt.ebs.operator.cluster.ClusterView;
import io.ovt.ebs.operator.cluster.Informers;
import io.ovt.ebs.operator.events.EventRecorder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reports a VolumeExport from its volume's target. The Volume reconciler is the only writer of a
 * volume's desired node state, exports included; this one validates the export, says whether it is
 * in effect, and holds its deletion until the initiators' ACLs are gone from the node.
 */
public final class VolumeExportReconciler
    implements Reconciler<VolumeExport>, Cleaner<VolumeExport> {
  private final EventRecorder events;
  private final OperatorSettings settings;
  private final Clock clock;
  private ClusterView cluster;

  public VolumeExportReconciler(EventRecorder events, OperatorSettings settings, Clock clock) {
    this.events = events;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, VolumeExport>> prepareEventSources(
      EventSourceContext<VolumeExport> context) {
    InformerEventSource<Volume, VolumeExport> volumes =
        Informers.of(
            Volume.class,
            context,
            Informers.toPrimaries(
                context,
                volume ->
                    export ->
                        export.getSpec() != null
                            && Objects.equals(
                                volume.getMetadata().getNamespace(),
                                export.getMetadata().getNamespace())
                            && volume
                                .getMetadata()
                                .getName()
                                .equals(export.getSpec().getVolume())));
    InformerEventSource<Secret, VolumeExport> secrets =
        Informers.of(
            Secret.class,
            context,
            Informers.toPrimaries(context, secret -> export -> ChapSecrets.names(export, secret)));
    cluster = new ClusterView(null, null, null, volumes, context.getPrimaryCache(), null, secrets);
    return List.of(volumes, secrets);
  }

  @Override
  public UpdateControl<VolumeExport> reconcile(VolumeExport export, Context<VolumeExport> context) {
    VolumeExportStatus status =
        export.getStatus() == null ? new VolumeExportStatus() : export.getStatus();
    export.setStatus(status);
    String before =
        Conditions.find(status, ConditionType.Ready).map(c -> c.getReason()).orElse(null);
    Verdict verdict = judge(export);
    boolean exported = verdict.reason() == ExportReason.Exported;
    VolumeTarget target = exported ? verdict.target() : new VolumeTarget();
    status.setNode(target.getNode());
    status.setTargetIqn(target.getTargetIqn());
    status.setTargetPortals(target.getPortals());
    status.setTargetLun(target.getLun());
    // What Cinder's initialize_connection returns as auth: the method, the user name, and where
    // the password is (never the password: status is readable by anyone who may read the export).
    boolean chap = exported && target.getChapUsername() != null;
    status.setAuthMethod(chap ? "CHAP" : null);
    status.setAuthUsername(chap ? target.getChapUsername() : null);
    status.setAuthSecret(chap ? export.getSpec().getChapSecret() : null);
    Long generation = export.getMetadata().getGeneration();
    boolean ready = verdict.reason() == ExportReason.Exported;
    Conditions.set(
        status,
        ConditionType.Ready,
        ConditionStatus.of(ready),
        verdict.reason(),
        verdict.message(),
        generation,
        clock.instant());
    status.setObservedGeneration(generation);
    if (!Objects.equals(before, verdict.reason().name())) {
      events.record(
          export,
          ready || verdict.reason() == ExportReason.ExportPending
              ? EventRecorder.Type.Normal
              : EventRecorder.Type.Warning,
          verdict.reason(),
          verdict.message());
    }
    UpdateControl<VolumeExport> control = UpdateControl.patchStatus(export);
    return ready ? control : control.rescheduleAfter(settings.pendingRequeue());
  }

  @Override
  public DeleteControl cleanup(VolumeExport export, Context<VolumeExport> context) {
    String namespace = export.getMetadata().getNamespace();
    Optional<Volume> volume =
        cluster.volume(namespace, export.getSpec() == null ? null : export.getSpec().getVolume());
    VolumeTarget target =
        volume.map(v -> v.getStatus() == null ? null : v.getStatus().getTarget()).orElse(null);
    if (target == null) {
      return DeleteControl.defaultDelete();
    }
    Set<String> stillWanted = new HashSet<>();
    Volume v = volume.get();
    Exports.inEffect(
            cluster.exportsOf(namespace, v.getMetadata().getName()),
            Boolean.TRUE.equals(v.getSpec().getMultiAttach()))
        .forEach(e -> stillWanted.addAll(e.getSpec().getInitiators()));
    List<String> mine = new ArrayList<>(export.getSpec().getInitiators());
    mine.removeAll(stillWanted);
    boolean gone = mine.stream().noneMatch(target.getInitiators()::contains);
    return gone
        ? DeleteControl.defaultDelete()
        : DeleteControl.noFinalizerRemoval().rescheduleAfter(settings.busyRequeue());
  }

  private record Verdict(ExportReason reason, String message, VolumeTarget target) {}

  private Verdict judge(VolumeExport export) {
    var spec = export.getSpec();
    List<String> problems = new ArrayList<>();
    if (spec == null || spec.getVolume() == null || !spec.getVolume().matches(Api.NAME_PATTERN)) {
      problems.add("spec.volume must name a Volume in this namespace");
    }
    if (spec == null || spec.getInitiators() == null || spec.getInitiators().isEmpty()) {
      problems.add("spec.initiators needs at least one initiator IQN");
    } else {
      spec.getInitiators().stream()
          .filter(i -> i == null || !i.matches(Api.IQN_PATTERN))
          .forEach(i -> problems.add("initiator '" + i + "' is not an IQN or EUI"));
    }
    if (spec != null
        && spec.getChapSecret() != null
        && !spec.getChapSecret().matches(Api.NAME_PATTERN)) {
      problems.add("spec.chapSecret must name a Secret in this namespace");
    }
    if (!problems.isEmpty()) {
      return new Verdict(ExportReason.InvalidSpec, String.join("; ", problems), null);
    }
    String namespace = export.getMetadata().getNamespace();
    Optional<Volume> volume = cluster.volume(namespace, spec.getVolume());
    if (volume.isEmpty()) {
      return new Verdict(
          ExportReason.VolumeNotFound, "Volume " + spec.getVolume() + " does not exist", null);
    }
    List<VolumeExport> all = cluster.exportsOf(namespace, spec.getVolume());
    List<VolumeExport> inEffect =
        Exports.inEffect(all, Boolean.TRUE.equals(volume.get().getSpec().getMultiAttach()));
    if (inEffect.stream()
        .noneMatch(e -> e.getMetadata().getName().equals(export.getMetadata().getName()))) {
      String holder =
          inEffect.isEmpty() ? "another export" : inEffect.get(0).getMetadata().getName();
      return new Verdict(
          ExportReason.NotMultiAttach,
          "Volume "
              + spec.getVolume()
              + " is not multi-attach and is exported by "
              + holder
              + "; delete that export or set spec.multiAttach on the volume",
          null);
    }
    Optional<Verdict> chapProblem = chapProblem(export, Exports.sameChap(inEffect));
    if (chapProblem.isPresent()) {
      return chapProblem.get();
    }
    DesiredExport.Chap chap =
        ChapCredentials.of(spec.getChapSecret(), name -> cluster.secret(namespace, name)).chap();
    String chapUser = chap == null ? null : chap.username();
    VolumeTarget target =
        volume.get().getStatus() == null ? null : volume.get().getStatus().getTarget();
    if (target == null
        || !target.getInitiators().containsAll(spec.getInitiators())
        || !Objects.equals(chapUser, target.getChapUsername())) {
      String node =
          volume.get().getStatus() == null ? null : volume.get().getStatus().getPrimaryNode();
      return new Verdict(
          ExportReason.ExportPending,
          "waiting for " + (node == null ? "the volume to be placed" : node + " to export it"),
          null);
    }
    return new Verdict(
        ExportReason.Exported,
        "exported by "
            + target.getNode()
            + " as "
            + target.getTargetIqn()
            + " on "
            + String.join(", ", target.getPortals())
            + (chapUser == null ? "" : " with CHAP user " + chapUser),
        target);
  }

  /**
   * Why the export cannot be served for its CHAP: another export of the volume names other
   * credentials, or its Secret is missing or malformed.
   */
  private Optional<Verdict> chapProblem(VolumeExport export, List<VolumeExport> served) {
    var spec = export.getSpec();
    if (served.stream()
        .noneMatch(e -> e.getMetadata().getName().equals(export.getMetadata().getName()))) {
      VolumeExport first = served.get(0);
      String theirs = first.getSpec().getChapSecret();
      return Optional.of(
          new Verdict(
              ExportReason.ChapMismatch,
              "the volume's target has one set of CHAP credentials: export "
                  + first.getMetadata().getName()
                  + (theirs == null ? " uses no CHAP" : " uses Secret " + theirs)
                  + "; set spec.chapSecret to the same",
              null));
    }
    String namespace = export.getMetadata().getNamespace();
    ChapCredentials.Result chap =
        ChapCredentials.of(spec.getChapSecret(), name -> cluster.secret(namespace, name));
    if (chap instanceof ChapCredentials.Missing missing) {
      return Optional.of(new Verdict(ExportReason.ChapSecretNotFound, missing.message(), null));
    }
    if (chap instanceof ChapCredentials.Invalid invalid) {
      return Optional.of(new Verdict(ExportReason.InvalidChapSecret, invalid.message(), null));
    }
    return Optional.empty();
  }
}

package io.ovt.ebs.cindersync.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.cindersync.mirror.MirrorAction;
import io.ovt.ebs.cindersync.mirror.SyncCondition;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan.Mirrored;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.SnapshotStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;

/** Reads the Snapshots cinder-sync made and applies the snapshot plan's actions to them. */
public final class SnapshotMirror {
  private final MirroredResources<Snapshot> snapshots;

  public SnapshotMirror(KubernetesClient client, String namespace, Clock clock) {
    this.snapshots =
        new MirroredResources<>(
            client,
            namespace,
            Snapshot.class,
            s -> {
              if (s.getStatus() == null) {
                s.setStatus(new SnapshotStatus());
              }
              return s.getStatus();
            },
            clock);
  }

  /** The Snapshots cinder-sync made, as the plan reads them. */
  public List<Mirrored> mirrored() {
    return snapshots.list().stream()
        .map(
            s ->
                snapshots.mirrored(
                    s,
                    s.getSpec().getCinder() == null ? null : s.getSpec().getCinder().getId(),
                    null))
        .toList();
  }

  /** Applies one action; one already done (a restart redoing it) is not an error. */
  public void apply(MirrorAction action) {
    if (action instanceof MirrorAction.CreateSnapshot c) {
      Snapshot s = new Snapshot();
      s.getMetadata().setName(c.name());
      s.getMetadata().setLabels(new HashMap<>(c.labels()));
      s.setSpec(c.spec());
      snapshots.create(s, "snapshot " + c.spec().getCinder().getId());
    } else if (!snapshots.applyCommon(action)) {
      throw new IllegalArgumentException("not an action on Snapshots: " + action);
    }
  }

  /** Writes the Snapshot's CinderSynced condition. */
  public void show(SyncCondition condition) {
    snapshots.show(condition);
  }
}

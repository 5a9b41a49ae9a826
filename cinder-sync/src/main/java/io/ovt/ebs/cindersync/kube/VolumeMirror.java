package io.ovt.ebs.cindersync.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.cindersync.mirror.MirrorAction;
import io.ovt.ebs.cindersync.mirror.SyncCondition;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan.Mirrored;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.crds.volume.VolumeStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the Volumes cinder-sync made and applies the plan's actions to them, one at a time. */
public final class VolumeMirror {
  private final KubernetesClient client;
  private final String namespace;
  private final MirroredResources<Volume> volumes;

  public VolumeMirror(KubernetesClient client, String namespace, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.volumes =
        new MirroredResources<>(
            client,
            namespace,
            Volume.class,
            v -> {
              if (v.getStatus() == null) {
                v.setStatus(new VolumeStatus());
              }
              return v.getStatus();
            },
            clock);
  }

  /** The Volumes cinder-sync made, as the plan reads them. */
  public List<Mirrored> mirrored() {
    return volumes.list().stream()
        .map(
            v ->
                volumes.mirrored(
                    v,
                    v.getSpec().getCinder() == null ? null : v.getSpec().getCinder().getId(),
                    v.getSpec().getSize()))
        .toList();
  }

  /** Names of the Volumes some VolumeExport attaches. */
  public Set<String> exported() {
    return client.resources(VolumeExport.class).inNamespace(namespace).list().getItems().stream()
        .filter(e -> e.getSpec() != null && e.getSpec().getVolume() != null)
        .map(e -> e.getSpec().getVolume())
        .collect(Collectors.toSet());
  }

  /** Applies one action; an action already done (a restart redoing it) is not an error. */
  public void apply(MirrorAction action) {
    if (action instanceof MirrorAction.Create c) {
      Volume v = new Volume();
      v.getMetadata().setName(c.name());
      v.getMetadata().setLabels(new HashMap<>(c.labels()));
      v.setSpec(c.spec());
      volumes.create(v, "volume " + c.spec().getCinder().getId());
    } else if (action instanceof MirrorAction.Grow g) {
      volumes.edit(
          g.name(),
          v -> {
            v.getSpec().setSize(g.size());
            return v;
          });
    } else if (!volumes.applyCommon(action)) {
      throw new IllegalArgumentException("not an action on Volumes: " + action);
    }
  }

  /** Writes the Volume's CinderSynced condition (see {@link MirroredResources#show}). */
  public void show(SyncCondition condition) {
    volumes.show(condition);
  }
}

package io.ovt.ebs.operator.export;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.ovt.ebs.crds.volume.VolumeExport;
import java.util.Objects;
import java.util.stream.Collectors;

/** Maps a changed Secret to what must look at it again: the exports naming it, or their volumes. */
public final class ChapSecrets {
  private ChapSecrets() {}

  /** The Volumes whose VolumeExports (in the cache given) name the Secret. */
  public static SecondaryToPrimaryMapper<Secret> toVolumes(Cache<VolumeExport> exports) {
    return secret ->
        exports
            .list(e -> names(e, secret))
            .map(e -> new ResourceID(e.getSpec().getVolume(), e.getMetadata().getNamespace()))
            .collect(Collectors.toSet());
  }

  /** True when the export names the Secret as its CHAP Secret. */
  public static boolean names(VolumeExport export, Secret secret) {
    return export.getSpec() != null
        && export.getSpec().getChapSecret() != null
        && export.getSpec().getChapSecret().equals(secret.getMetadata().getName())
        && Objects.equals(export.getMetadata().getNamespace(), secret.getMetadata().getNamespace());
  }
}

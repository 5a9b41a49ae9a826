package io.ovt.ebs.operator.volume;

import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.volume.ImageFormat;
import io.ovt.ebs.crds.volume.ImageSource;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.SnapshotStatus;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeSource;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.nodeapi.DesiredImage;
import io.ovt.ebs.nodeapi.DesiredSource;
import io.ovt.ebs.nodeapi.DiskImageFormat;
import io.ovt.ebs.nodeapi.NodeApiValidation;
import io.ovt.ebs.operator.Sizes;
import io.ovt.ebs.operator.cluster.ClusterView;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves a Volume's {@code spec.source} (a snapshot, or another volume to clone) to the nodes
 * that hold it and what the new volume's primary copies from it; or says what to wait for, or why
 * it cannot be done. Pure: it reads only the caches.
 */
final class VolumeSources {
  private VolumeSources() {}

  /** What the source decides. */
  sealed interface Resolution {}

  /** Not yet usable (absent, not ready); worth trying again later. */
  record Waiting(VolumeReason reason, String message) implements Resolution {}

  /** Can never work as asked; the user has to change something. */
  record Refused(VolumeReason reason, String message) implements Resolution {}

  /**
   * A usable source.
   *
   * @param description "Volume x" or "Snapshot y", for messages
   * @param nodes StorageNodes holding it; the new volume's primary must be one of them (null: any)
   * @param desired what the primary's daemon copies
   * @param sizeBytes the size the source was asked to have: a volume at least that large has room
   *     for its data (a replicated device is never smaller than asked)
   */
  record Found(String description, Set<String> nodes, DesiredSource desired, long sizeBytes)
      implements Resolution {}

  /** Resolves the source of a volume that has one. */
  static Resolution resolve(Volume volume, ClusterView cluster) {
    VolumeSource source = volume.getSpec().getSource();
    if (source.getImage() != null) {
      return fromImage(source.getImage());
    }
    String namespace = volume.getMetadata().getNamespace();
    Resolution found =
        source.getVolume() != null
            ? fromVolume(cluster.volume(namespace, source.getVolume()), source.getVolume())
            : fromSnapshot(
                cluster.snapshot(namespace, source.getSnapshot()), source.getSnapshot(), cluster);
    if (found instanceof Found f) {
      long asked = Sizes.bytes(volume.getSpec().getSize());
      if (asked < f.sizeBytes()) {
        return new Refused(
            VolumeReason.SourceTooLarge,
            "spec.size "
                + volume.getSpec().getSize()
                + " is smaller than "
                + f.description()
                + " ("
                + f.sizeBytes()
                + " bytes); ask for at least that");
      }
    }
    return found;
  }

  /**
   * An image: any node can import it, and only the import can tell whether it fits (its size is in
   * the file), so the primary's daemon checks that.
   */
  private static Resolution fromImage(ImageSource image) {
    if (image.getUrl() == null) {
      return new Refused(
          VolumeReason.SourceNotSupported,
          "Glance images are not imported by this operator yet; give spec.source.image.url (an"
              + " HTTP or HTTPS URL of the image file, e.g. Glance's image data URL)");
    }
    DiskImageFormat format =
        image.getFormat() == ImageFormat.QCOW2 ? DiskImageFormat.QCOW2 : DiskImageFormat.RAW;
    DesiredImage desired = new DesiredImage(image.getUrl(), format, image.getSha256());
    if (!NodeApiValidation.isValidImageUrl(image.getUrl())) {
      return new Refused(
          VolumeReason.InvalidSpec,
          "spec.source.image.url must be an http or https URL with a host, of at most "
              + NodeApiValidation.MAX_URL_LENGTH
              + " printable characters");
    }
    return new Found("image " + image.getUrl(), null, DesiredSource.of(desired), 0);
  }

  private static Resolution fromVolume(Optional<Volume> found, String name) {
    if (found.isEmpty()) {
      return new Waiting(VolumeReason.SourceNotFound, "Volume " + name + " does not exist");
    }
    Volume source = found.get();
    if (source.getMetadata().getDeletionTimestamp() != null) {
      return new Refused(VolumeReason.SourceNotFound, "Volume " + name + " is being deleted");
    }
    VolumeStatus status = source.getStatus();
    if (status == null
        || !Conditions.isTrue(status, ConditionType.Ready)
        || status.getCapacityBytes() == null
        || status.getLocalName() == null) {
      return new Waiting(
          VolumeReason.SourceNotReady, "waiting for Volume " + name + " to be Ready");
    }
    return new Found(
        "Volume " + name,
        Set.of(status.getPrimaryNode()),
        new DesiredSource(status.getLocalName(), status.getCapacityBytes()),
        Sizes.bytes(source.getSpec().getSize()));
  }

  private static Resolution fromSnapshot(
      Optional<Snapshot> found, String name, ClusterView cluster) {
    if (found.isEmpty()) {
      return new Waiting(VolumeReason.SourceNotFound, "Snapshot " + name + " does not exist");
    }
    Snapshot snapshot = found.get();
    if (snapshot.getMetadata().getDeletionTimestamp() != null) {
      return new Refused(VolumeReason.SourceNotFound, "Snapshot " + name + " is being deleted");
    }
    SnapshotStatus status = snapshot.getStatus();
    if (status == null
        || !Boolean.TRUE.equals(status.getReadyToUse())
        || status.getLocalName() == null
        || status.getDataBytes() == null
        || status.getNodes().isEmpty()) {
      return new Waiting(
          VolumeReason.SourceNotReady, "waiting for Snapshot " + name + " to be readyToUse");
    }
    Set<String> nodes =
        cluster
            .nodes()
            .filter(
                n ->
                    status.getNodes().contains(n.getMetadata().getName())
                        || (n.getSpec() != null
                            && status.getNodes().contains(n.getSpec().getBackendId())))
            .map(StorageNode::getMetadata)
            .map(m -> m.getName())
            .collect(Collectors.toSet());
    if (nodes.isEmpty()) {
      return new Waiting(
          VolumeReason.SourceNotReady,
          "no StorageNode holds Snapshot " + name + " (" + status.getNodes() + ")");
    }
    return new Found(
        "Snapshot " + name,
        nodes,
        new DesiredSource(status.getLocalName(), status.getDataBytes()),
        status.getSizeBytes() == null ? status.getDataBytes() : status.getSizeBytes());
  }
}

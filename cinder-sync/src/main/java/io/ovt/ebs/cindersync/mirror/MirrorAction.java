package io.ovt.ebs.cindersync.mirror;

import io.ovt.ebs.crds.volume.SnapshotSpec;
import io.ovt.ebs.crds.volume.VolumeSpec;
import java.time.Instant;
import java.util.Map;

/** One change cinder-sync makes to a mirrored resource, decided by {@link VolumeMirrorPlan}. */
public sealed interface MirrorAction {
  /** The resource's name. */
  String name();

  /** Creates the Volume for a Cinder volume that has none. */
  record Create(String name, VolumeSpec spec, Map<String, String> labels) implements MirrorAction {}

  /** Creates the Snapshot for a Cinder snapshot that has none. */
  record CreateSnapshot(String name, SnapshotSpec spec, Map<String, String> labels)
      implements MirrorAction {}

  /** Grows the Volume to the size Cinder now has (a Cinder extend). */
  record Grow(String name, String size) implements MirrorAction {}

  /** Remembers the Cinder status last seen, so a later absence can be told from a deletion. */
  record NoteStatus(String name, String cinderStatus) implements MirrorAction {}

  /** Starts the grace period of a Volume whose Cinder volume is gone. */
  record MarkGone(String name, Instant since) implements MirrorAction {}

  /** Deletes a Volume whose Cinder volume was deleted, once the grace period ran out. */
  record Delete(String name) implements MirrorAction {}

  /** Something a person must look at (an orphan, a shrink, a wrong type); nothing is changed. */
  record Report(String name, String message) implements MirrorAction {}
}

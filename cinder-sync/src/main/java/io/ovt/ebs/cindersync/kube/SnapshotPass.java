package io.ovt.ebs.cindersync.kube;

import io.ovt.ebs.cindersync.client.Snapshot;
import io.ovt.ebs.cindersync.mirror.MirrorAction;
import io.ovt.ebs.cindersync.mirror.SnapshotMirrorPlan;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One pass of the snapshot mirror, after the volumes' ({@link MirrorPass}): snapshots of the
 * Volumes cinder-sync mirrors. Like the volumes' pass it remembers only the last complete listing.
 */
public final class SnapshotPass {
  private final SnapshotMirrorPlan plan;
  private final SnapshotMirror snapshots;
  private final VolumeMirror volumes;
  private final Clock clock;
  private Set<String> listedBefore = Set.of();

  public SnapshotPass(
      SnapshotMirrorPlan plan, SnapshotMirror snapshots, VolumeMirror volumes, Clock clock) {
    this.plan = plan;
    this.snapshots = snapshots;
    this.volumes = volumes;
    this.clock = clock;
  }

  /** A full resync from every Cinder snapshot; returns the actions applied. */
  public List<MirrorAction> full(Collection<Snapshot> all) {
    VolumeMirrorPlan.Result result = planAndApply(all, true);
    listedBefore = result.listed();
    return result.actions();
  }

  /** An incremental pass over the snapshots changed since the last poll. */
  public List<MirrorAction> changed(Collection<Snapshot> changed) {
    VolumeMirrorPlan.Result result = planAndApply(changed, false);
    Set<String> listed = new HashSet<>(listedBefore);
    listed.addAll(result.listed());
    listedBefore = Set.copyOf(listed);
    return result.actions();
  }

  private VolumeMirrorPlan.Result planAndApply(Collection<Snapshot> cinder, boolean complete) {
    Set<String> mirroredVolumes =
        volumes.mirrored().stream()
            .map(VolumeMirrorPlan.Mirrored::name)
            .collect(Collectors.toSet());
    VolumeMirrorPlan.Result result =
        plan.plan(
            cinder, mirroredVolumes, snapshots.mirrored(), listedBefore, complete, clock.instant());
    result.actions().forEach(snapshots::apply);
    result.conditions().forEach(snapshots::show);
    return result;
  }
}

package io.ovt.ebs.cindersync.kube;

import io.ovt.ebs.cindersync.client.Volume;
import io.ovt.ebs.cindersync.client.VolumeType;
import io.ovt.ebs.cindersync.mirror.MirrorAction;
import io.ovt.ebs.cindersync.mirror.SyncCondition;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One pass of the mirror: read the mirrored Volumes, plan against Cinder's listing, apply in order.
 * It keeps only what the previous complete listing held, so a pass cut short anywhere is finished
 * by the next one from the resources themselves.
 */
public final class MirrorPass {
  private final VolumeMirrorPlan plan;
  private final VolumeMirror mirror;
  private final Consumer<MirrorAction> apply;
  private final Consumer<SyncCondition> show;
  private final Clock clock;
  private Set<String> listedBefore = Set.of();

  /** A pass applying through the mirror itself. */
  public MirrorPass(VolumeMirrorPlan plan, VolumeMirror mirror, Clock clock) {
    this(plan, mirror, mirror::apply, mirror::show, clock);
  }

  /**
   * A pass applying actions through {@code apply} and conditions through {@code show} (normally
   * {@link VolumeMirror#apply} and {@link VolumeMirror#show}); tests interpose on them.
   */
  public MirrorPass(
      VolumeMirrorPlan plan,
      VolumeMirror mirror,
      Consumer<MirrorAction> apply,
      Consumer<SyncCondition> show,
      Clock clock) {
    this.plan = plan;
    this.mirror = mirror;
    this.apply = apply;
    this.show = show;
    this.clock = clock;
  }

  /** A full resync from every Cinder volume; returns the actions applied. */
  public List<MirrorAction> full(Collection<Volume> all, Map<String, VolumeType> types) {
    VolumeMirrorPlan.Result result = planAndApply(all, types, true);
    listedBefore = result.listed();
    return result.actions();
  }

  /** An incremental pass over the volumes changed since the last poll. */
  public List<MirrorAction> changed(Collection<Volume> changed, Map<String, VolumeType> types) {
    VolumeMirrorPlan.Result result = planAndApply(changed, types, false);
    Set<String> listed = new HashSet<>(listedBefore);
    listed.addAll(result.listed());
    listedBefore = Set.copyOf(listed);
    return result.actions();
  }

  private VolumeMirrorPlan.Result planAndApply(
      Collection<Volume> volumes, Map<String, VolumeType> types, boolean complete) {
    VolumeMirrorPlan.Result result =
        plan.plan(
            volumes,
            types,
            mirror.mirrored(),
            mirror.exported(),
            listedBefore,
            complete,
            clock.instant());
    result.actions().forEach(apply);
    // After the actions: a Volume created in this pass exists by now.
    result.conditions().forEach(show);
    return result;
  }
}

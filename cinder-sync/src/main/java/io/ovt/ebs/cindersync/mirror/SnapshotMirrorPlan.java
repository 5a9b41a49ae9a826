package io.ovt.ebs.cindersync.mirror;

import io.ovt.ebs.cindersync.client.Snapshot;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan.Mirrored;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan.Result;
import io.ovt.ebs.crds.Api;
import io.ovt.ebs.crds.volume.CinderRef;
import io.ovt.ebs.crds.volume.SnapshotSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides what to do with the Snapshots cinder-sync made, from Cinder's snapshot records: those of
 * mirrored volumes become Snapshots of their Volumes; deletions follow the volumes' rule. Pure.
 */
public final class SnapshotMirrorPlan {
  // Cinder statuses whose snapshots are not (or no longer) to be taken here.
  private static final Set<String> NOT_CREATED = Set.of("error", "deleting", "error_deleting");

  private final GoneRule gone;

  public SnapshotMirrorPlan(VolumeMirrorPlan.Settings settings) {
    this.gone = new GoneRule(settings.deleteGrace(), settings.deleteOrphans());
  }

  /**
   * The actions that bring the mirrored Snapshots in line with Cinder.
   *
   * @param volumes names of the Volumes cinder-sync mirrors: a snapshot of any other volume is not
   *     EBS's, or its volume is not mirrored yet (the next pass takes it)
   * @param complete whether {@code cinder} is every snapshot, so that an absent one is gone
   * @param listedBefore names this process found at its previous complete listing
   */
  public Result plan(
      Collection<Snapshot> cinder,
      Set<String> volumes,
      Collection<Mirrored> mirrored,
      Set<String> listedBefore,
      boolean complete,
      Instant now) {
    Map<String, Mirrored> byName = new TreeMap<>();
    mirrored.forEach(m -> byName.put(m.name(), m));
    List<MirrorAction> actions = new ArrayList<>();
    Map<String, SyncCondition> conditions = new TreeMap<>();
    Set<String> seen = new java.util.HashSet<>();
    for (Snapshot s : cinder) {
      String volume = MirrorNames.volumeName(s.volumeId()).orElse(null);
      if (volume == null || !volumes.contains(volume)) {
        continue;
      }
      String name = MirrorNames.snapshotName(s.id()).orElse(null);
      if (name == null) {
        actions.add(new MirrorAction.Report(s.id(), "Cinder snapshot id is not a UUID: " + s.id()));
        continue;
      }
      seen.add(name);
      Mirrored existing = byName.get(name);
      SyncCondition synced =
          new SyncCondition(
              name,
              true,
              SyncReason.Mirrored,
              "mirrors Cinder snapshot "
                  + s.id()
                  + " of volume "
                  + s.volumeId()
                  + " ("
                  + s.status()
                  + ")");
      if (existing == null) {
        if (!NOT_CREATED.contains(s.status())) {
          actions.add(new MirrorAction.CreateSnapshot(name, spec(s, volume), labels(s)));
          actions.add(new MirrorAction.NoteStatus(name, s.status()));
          conditions.put(name, synced);
        }
        continue;
      }
      if (!Objects.equals(existing.lastStatus(), s.status())) {
        actions.add(new MirrorAction.NoteStatus(name, s.status()));
      }
      conditions.put(name, synced);
    }
    if (complete) {
      for (Mirrored m : byName.values()) {
        if (!seen.contains(m.name())) {
          // A Volume restored from it keeps it through the operator's finalizer, not here.
          gone.apply(m, "snapshot", "Snapshot", null, listedBefore.contains(m.name()), now, actions)
              .ifPresent(c -> conditions.put(m.name(), c));
        }
      }
    }
    List<SyncCondition> changed =
        conditions.values().stream()
            .filter(c -> byName.get(c.name()) == null || !c.sameAs(byName.get(c.name()).shown()))
            .toList();
    return new Result(List.copyOf(actions), Set.copyOf(seen), changed);
  }

  private static SnapshotSpec spec(Snapshot s, String volume) {
    SnapshotSpec spec = new SnapshotSpec();
    spec.setVolume(volume);
    CinderRef ref = new CinderRef();
    ref.setId(s.id().toLowerCase(Locale.ROOT));
    ref.setProjectId(s.projectId());
    spec.setCinder(ref);
    return spec;
  }

  private static Map<String, String> labels(Snapshot s) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(MirrorNames.MANAGED_BY, MirrorNames.CINDER_SYNC);
    if (s.projectId() != null) {
      labels.put(Api.LABEL_PROJECT, s.projectId());
    }
    return labels;
  }
}

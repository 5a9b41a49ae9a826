package io.ovt.ebs.cindersync.mirror;

import io.ovt.ebs.cindersync.client.Volume;
import io.ovt.ebs.cindersync.client.VolumeType;
import io.ovt.ebs.crds.Api;
import io.ovt.ebs.crds.volume.CinderRef;
import io.ovt.ebs.crds.volume.VolumeReplication;
import io.ovt.ebs.crds.volume.VolumeSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides what to do with the Volumes cinder-sync made, from Cinder's volume records. Pure: the
 * loop lists, calls this and applies the actions, so a restart anywhere redoes only what is left.
 */
public final class VolumeMirrorPlan {
  // Cinder statuses whose volumes are not (or no longer) to be created here.
  private static final Set<String> NOT_CREATED = Set.of("error", "deleting", "error_deleting");

  /**
   * How the mirror behaves.
   *
   * @param backends the {@code volume_backend_name}s that are EBS
   * @param deleteGrace how long a deleted Cinder volume's Volume is kept
   * @param deleteOrphans whether a Volume with no Cinder record and no sign of a deletion is
   *     deleted too (after the grace period) rather than only reported
   */
  public record Settings(Set<String> backends, Duration deleteGrace, boolean deleteOrphans) {}

  /**
   * A Volume cinder-sync made, as the plan needs it.
   *
   * @param size spec.size
   * @param lastStatus the Cinder status last seen, or null
   * @param goneSince when the Cinder record was first found gone, or null
   * @param shown the CinderSynced condition it shows, or null
   */
  public record Mirrored(
      String name,
      String cinderId,
      String size,
      String lastStatus,
      Instant goneSince,
      SyncCondition shown) {

    /** One that shows no CinderSynced condition yet. */
    public Mirrored(String name, String cinderId, String size, String lastStatus, Instant since) {
      this(name, cinderId, size, lastStatus, since, null);
    }
  }

  /**
   * What to do, the names of the EBS volumes Cinder listed (for the next call's {@code
   * listedBefore} after a complete listing), and the CinderSynced conditions that change.
   */
  public record Result(
      List<MirrorAction> actions, Set<String> listed, List<SyncCondition> conditions) {}

  private final Settings settings;
  private final GoneRule gone;

  public VolumeMirrorPlan(Settings settings) {
    this.settings = settings;
    this.gone = new GoneRule(settings.deleteGrace(), settings.deleteOrphans());
  }

  /**
   * The actions that bring the mirrored Volumes in line with Cinder.
   *
   * @param cinder the Cinder volumes listed (all of them when {@code complete})
   * @param complete whether {@code cinder} is every volume (a full resync), so that an absent one
   *     is gone; an incremental poll only lists what changed
   * @param exported names of Volumes that have a VolumeExport: never deleted
   * @param listedBefore names this process found in Cinder at its previous complete listing: one
   *     missing now was deleted in Cinder, where one never listed since a start may be an orphan
   */
  public Result plan(
      Collection<Volume> cinder,
      Map<String, VolumeType> typesById,
      Collection<Mirrored> mirrored,
      Set<String> exported,
      Set<String> listedBefore,
      boolean complete,
      Instant now) {
    Map<String, Mirrored> byName = new TreeMap<>();
    mirrored.forEach(m -> byName.put(m.name(), m));
    List<MirrorAction> actions = new ArrayList<>();
    Map<String, SyncCondition> conditions = new TreeMap<>();
    Map<String, Volume> seen = new HashMap<>();
    Map<String, VolumeType> typesByName = new HashMap<>();
    typesById.values().forEach(t -> typesByName.putIfAbsent(t.name(), t));
    for (Volume v : cinder) {
      String name = MirrorNames.volumeName(v.id()).orElse(null);
      VolumeType volumeType = typeOf(v, typesById, typesByName);
      EbsVolumeType.Reading reading =
          volumeType == null
              ? new EbsVolumeType.NotEbs()
              : EbsVolumeType.read(volumeType, settings.backends());
      if (reading instanceof EbsVolumeType.NotEbs) {
        continue;
      }
      if (name == null) {
        actions.add(new MirrorAction.Report(v.id(), "Cinder volume id is not a UUID: " + v.id()));
        continue;
      }
      seen.put(name, v);
      Mirrored existing = byName.get(name);
      if (reading instanceof EbsVolumeType.Invalid invalid) {
        actions.add(new MirrorAction.Report(name, invalid.message()));
        conditions.put(
            name, new SyncCondition(name, false, SyncReason.InvalidVolumeType, invalid.message()));
        continue;
      }
      EbsVolumeType type = ((EbsVolumeType.Mirrored) reading).type();
      conditions.put(name, new SyncCondition(name, true, SyncReason.Mirrored, mirrored(v)));
      if (existing == null) {
        if (madeByItsDriver(v)) {
          // A clone or restore being created: only the volume driver can give it its data (the
          // EBS driver makes this same Volume with its source); an empty one made here first
          // would hold the name. Mirrored on a later pass, once Cinder has finished.
          conditions.remove(name);
        } else if (!NOT_CREATED.contains(v.status())) {
          actions.add(new MirrorAction.Create(name, spec(v, type), labels(v, volumeType)));
          actions.add(new MirrorAction.NoteStatus(name, v.status()));
        } else {
          conditions.remove(name);
        }
        continue;
      }
      if (!Objects.equals(existing.lastStatus(), v.status())) {
        actions.add(new MirrorAction.NoteStatus(name, v.status()));
      }
      long have = gib(existing.size());
      if (v.size() > have) {
        actions.add(new MirrorAction.Grow(name, v.size() + "Gi"));
      } else if (v.size() < have) {
        String message =
            "Cinder says "
                + v.size()
                + "Gi but the Volume has "
                + existing.size()
                + ": volumes never shrink, left as is";
        actions.add(new MirrorAction.Report(name, message));
        conditions.put(name, new SyncCondition(name, false, SyncReason.SizeMismatch, message));
      }
    }
    if (complete) {
      for (Mirrored m : byName.values()) {
        if (!seen.containsKey(m.name())) {
          String inUse =
              exported.contains(m.name())
                  ? "is still exported: kept until its VolumeExport is deleted"
                  : null;
          gone.apply(m, "volume", "Volume", inUse, listedBefore.contains(m.name()), now, actions)
              .ifPresent(c -> conditions.put(m.name(), c));
        }
      }
    }
    List<SyncCondition> changed =
        conditions.values().stream()
            .filter(c -> byName.get(c.name()) == null || !c.sameAs(byName.get(c.name()).shown()))
            .toList();
    return new Result(List.copyOf(actions), Set.copyOf(seen.keySet()), changed);
  }

  private static boolean madeByItsDriver(Volume v) {
    return "creating".equals(v.status()) && (v.snapshotId() != null || v.sourceVolumeId() != null);
  }

  private static String mirrored(Volume v) {
    return "mirrors Cinder volume " + v.id() + " (" + v.status() + ", " + v.size() + " GiB)";
  }

  // volume_type_id is in volume records from microversion 3.63 on; before, only the type's name.
  private static VolumeType typeOf(
      Volume v, Map<String, VolumeType> typesById, Map<String, VolumeType> typesByName) {
    if (v.volumeTypeId() != null && typesById.containsKey(v.volumeTypeId())) {
      return typesById.get(v.volumeTypeId());
    }
    if (v.volumeType() == null) {
      return null;
    }
    VolumeType byName = typesByName.get(v.volumeType());
    return byName != null ? byName : typesById.get(v.volumeType());
  }

  private static VolumeSpec spec(Volume v, EbsVolumeType type) {
    VolumeSpec spec = new VolumeSpec();
    spec.setSize(v.size() + "Gi");
    spec.setProvisioning(type.provisioning());
    VolumeReplication replication = new VolumeReplication();
    replication.setEnabled(type.replicated());
    if (type.replicated()) {
      replication.setMode(type.mode());
    }
    spec.setReplication(replication);
    spec.setMultiAttach(v.multiattach());
    CinderRef ref = new CinderRef();
    ref.setId(v.id().toLowerCase(java.util.Locale.ROOT));
    ref.setProjectId(v.projectId());
    spec.setCinder(ref);
    return spec;
  }

  private static Map<String, String> labels(Volume v, VolumeType type) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(MirrorNames.MANAGED_BY, MirrorNames.CINDER_SYNC);
    if (v.projectId() != null) {
      labels.put(Api.LABEL_PROJECT, v.projectId());
    }
    labels.put(MirrorNames.LABEL_TYPE, type.id());
    return labels;
  }

  // Sizes this mirror writes are whole GiB; others (made by hand) are rounded up to compare.
  private static long gib(String size) {
    long n = Long.parseLong(size.substring(0, size.length() - 2));
    return switch (size.substring(size.length() - 2)) {
      case "Ti" -> n * 1024;
      case "Mi" -> (n + 1023) / 1024;
      default -> n;
    };
  }
}

package io.ovt.ebs.operator.volume;

import io.ovt.ebs.crds.common.ConditionStatus;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.ReplicaStatus;
import io.ovt.ebs.crds.volume.ReplicationStatus;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.crds.volume.VolumeTarget;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import io.ovt.ebs.operator.Sizes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns what the nodes reported into a Volume's status: replicas, state and conditions. Pure. */
public final class VolumeReport {
  private VolumeReport() {}

  /** One replica's node and what came back from it. */
  public record Replica(String node, String backendId, NodeOutcome outcome) {}

  /** Updates the status from the primary's and (when replicated) the secondary's outcome. */
  public static void apply(Volume volume, Replica primary, Replica secondary, Instant now) {
    VolumeStatus status = volume.getStatus();
    Long generation = volume.getMetadata().getGeneration();
    List<ReplicaStatus> replicas = new ArrayList<>();
    replicas.add(replicaStatus(primary));
    if (secondary != null) {
      replicas.add(replicaStatus(secondary));
    }
    status.setReplicas(replicas);
    Verdict verdict = initializing(primary, secondary != null);
    if (verdict == null) {
      verdict = secondary == null ? single(primary) : replicated(primary, secondary);
      verdict = extending(verdict, status.getRequestedSizeBytes(), primary, secondary);
    }
    if (primary.outcome() instanceof NodeOutcome.Observed seen) {
      status.setDevicePath(seen.volume().devicePath());
      if (seen.volume().lv() != null) {
        status.setSizeBytes(capacity(seen.volume()));
      }
      if (seen.volume().capacityBytes() > 0) {
        status.setCapacityBytes(seen.volume().capacityBytes());
      }
      status.setTarget(target(primary.node(), seen.volume()));
      reportInitialization(volume, seen.volume(), primary.backendId(), now);
    }
    status.setState(verdict.state());
    status.setSyncPercent(verdict.syncPercent());
    status.setReplicationStatus(verdict.replication());
    if (verdict.state() == VolumeState.Available && secondary != null) {
      status.setInitialSyncComplete(true);
    }
    outdated(status, primary, verdict.state());
    if (secondary != null) {
      boolean replicated = verdict.state() == VolumeState.Available;
      Conditions.set(
          status,
          ConditionType.Replicated,
          ConditionStatus.of(replicated),
          replicated ? VolumeReason.Available : verdict.reason(),
          replicated ? "both replicas are UpToDate and connected" : verdict.message(),
          generation,
          now);
    }
    boolean ready = verdict.state() == VolumeState.Available;
    Conditions.set(
        status,
        ConditionType.Ready,
        ConditionStatus.of(ready),
        verdict.reason(),
        verdict.message(),
        generation,
        now);
    status.setObservedGeneration(generation);
  }

  /**
   * Keeps the moment the primary fenced its secondary until the two are in sync again: it must
   * survive the primary's death, when nobody can report it any more.
   */
  private static void outdated(VolumeStatus status, Replica primary, VolumeState state) {
    if (state == VolumeState.Available) {
      status.setSecondaryOutdatedSince(null);
    } else if (primary.outcome() instanceof NodeOutcome.Observed seen
        && seen.volume().drbd() != null
        && seen.volume().drbd().role() == Role.PRIMARY
        && seen.volume().drbd().peerFencedAt() != null
        && status.getSecondaryOutdatedSince() == null) {
      status.setSecondaryOutdatedSince(seen.volume().drbd().peerFencedAt().toString());
    }
  }

  private record Verdict(
      VolumeState state,
      VolumeReason reason,
      String message,
      Double syncPercent,
      ReplicationStatus replication) {}

  /** The verdict while the primary's LV is still receiving its source's data, else null. */
  private static Verdict initializing(Replica primary, boolean replicated) {
    if (!(primary.outcome() instanceof NodeOutcome.Observed seen)
        || seen.volume().initialization() == null) {
      return null;
    }
    ObservedVolume.Initialization init = seen.volume().initialization();
    if (init.refused()) {
      // Nothing was handed to DRBD or exported: the volume is unusable, not half-written.
      return new Verdict(
          VolumeState.Error,
          VolumeReason.SourceRefused,
          "the source cannot be put into the volume on "
              + primary.backendId()
              + ": "
              + init.error()
              + "; the volume is left unusable: delete it and create it from a usable source",
          null,
          replicated ? ReplicationStatus.ERROR : ReplicationStatus.DISABLED);
    }
    return new Verdict(
        VolumeState.Creating,
        VolumeReason.Initializing,
        initializationMessage(init, primary.backendId()),
        null,
        replicated ? ReplicationStatus.ENABLING : ReplicationStatus.DISABLED);
  }

  private static String initializationMessage(
      ObservedVolume.Initialization init, String backendId) {
    return "copying the source's data on "
        + backendId
        + ": "
        + init.percent()
        + "%"
        + (init.error() == null ? "" : " (the last attempt failed: " + init.error() + ")");
  }

  /**
   * Keeps the Initializing condition of a volume made from a source: True with the progress while
   * its primary copies, False once the data is in place (recorded in {@code sourceCopied}).
   */
  private static void reportInitialization(
      Volume volume, ObservedVolume seen, String backendId, Instant now) {
    if (volume.getSpec() == null || volume.getSpec().getSource() == null || seen.lv() == null) {
      return;
    }
    VolumeStatus status = volume.getStatus();
    Long generation = volume.getMetadata().getGeneration();
    if (seen.initialization() != null) {
      Conditions.set(
          status,
          ConditionType.Initializing,
          ConditionStatus.True,
          VolumeReason.Initializing,
          initializationMessage(seen.initialization(), backendId),
          generation,
          now);
      return;
    }
    status.setSourceCopied(true);
    Conditions.set(
        status,
        ConditionType.Initializing,
        ConditionStatus.False,
        VolumeReason.SourceCopied,
        "holds the source's data",
        generation,
        now);
  }

  private static Verdict single(Replica primary) {
    Verdict problem = problemOf(primary, true);
    if (problem != null) {
      return problem;
    }
    ObservedVolume seen = ((NodeOutcome.Observed) primary.outcome()).volume();
    if (seen.lv() == null) {
      return new Verdict(
          VolumeState.Creating,
          VolumeReason.Creating,
          "creating the LV on " + primary.backendId(),
          null,
          ReplicationStatus.DISABLED);
    }
    return new Verdict(
        VolumeState.Available,
        VolumeReason.NotReplicated,
        "available on " + primary.backendId() + " (not replicated)",
        null,
        ReplicationStatus.DISABLED);
  }

  private static Verdict replicated(Replica primary, Replica secondary) {
    Verdict problem = problemOf(primary, true);
    if (problem == null) {
      problem = problemOf(secondary, false);
    }
    if (problem != null) {
      return problem;
    }
    ObservedVolume.ObservedDrbd p = ((NodeOutcome.Observed) primary.outcome()).volume().drbd();
    ObservedVolume.ObservedDrbd s = ((NodeOutcome.Observed) secondary.outcome()).volume().drbd();
    if (p == null || p.role() != Role.PRIMARY || p.disk() != DiskState.UpToDate) {
      String what = p == null ? "DRBD is not up" : p.role() + "/" + p.disk();
      String peer = p == null ? "" : ", peer " + p.peerDisk() + ", " + p.connection();
      return new Verdict(
          VolumeState.Creating,
          VolumeReason.Creating,
          "waiting for " + primary.backendId() + " to be UpToDate Primary (" + what + peer + ")",
          null,
          ReplicationStatus.ENABLING);
    }
    if (p.replication().isSyncing() || (s != null && s.replication().isSyncing())) {
      Double percent =
          p.syncPercent() != null ? p.syncPercent() : s == null ? null : s.syncPercent();
      return new Verdict(
          VolumeState.Syncing,
          VolumeReason.Syncing,
          "usable on "
              + primary.backendId()
              + "; "
              + secondary.backendId()
              + " is syncing"
              + (percent == null ? "" : " (" + percent + "%)"),
          percent,
          ReplicationStatus.ENABLING);
    }
    boolean inSync =
        p.connection() == ConnectionState.Connected
            && p.replication() == ReplicationState.Established
            && p.peerDisk() == DiskState.UpToDate;
    if (inSync) {
      return new Verdict(
          VolumeState.Available,
          VolumeReason.Available,
          "served by " + primary.backendId() + ", replicated to " + secondary.backendId(),
          100.0,
          ReplicationStatus.ENABLED);
    }
    if (p.connection() == ConnectionState.StandAlone
        || (s != null && s.connection() == ConnectionState.StandAlone)) {
      // The daemon never disconnects a configured peer by itself: DRBD refused the connection,
      // which after a failover means both nodes wrote while apart.
      return new Verdict(
          VolumeState.Degraded,
          VolumeReason.SplitBrain,
          "served by "
              + primary.backendId()
              + " but DRBD refuses to connect it to "
              + secondary.backendId()
              + " (StandAlone): both wrote while apart (split brain). Nothing is discarded"
              + " automatically; to keep "
              + primary.backendId()
              + "'s data run `drbdadm connect --discard-my-data` for the resource on "
              + secondary.backendId()
              + " and `drbdadm connect` on "
              + primary.backendId(),
          null,
          ReplicationStatus.ERROR);
    }
    return new Verdict(
        VolumeState.Degraded,
        VolumeReason.PeerDisconnected,
        "served by "
            + primary.backendId()
            + " but not replicating: "
            + p.connection()
            + ", peer disk "
            + p.peerDisk(),
        null,
        ReplicationStatus.ERROR);
  }

  /**
   * An otherwise available volume whose device is still smaller than asked is extending: one of its
   * LVs has not grown yet, or DRBD waits to be resized. The LV sizes show which.
   */
  private static Verdict extending(
      Verdict verdict, Long requested, Replica primary, Replica secondary) {
    if (verdict.state() != VolumeState.Available
        || requested == null
        || !(primary.outcome() instanceof NodeOutcome.Observed seen)
        || capacity(seen.volume()) >= requested) {
      return verdict;
    }
    StringBuilder lvs = new StringBuilder();
    for (Replica replica : secondary == null ? List.of(primary) : List.of(primary, secondary)) {
      if (replica.outcome() instanceof NodeOutcome.Observed o && o.volume().lv() != null) {
        lvs.append(lvs.isEmpty() ? "" : ", ")
            .append(replica.backendId())
            .append(' ')
            .append(Sizes.human(o.volume().lv().sizeBytes()));
      }
    }
    return new Verdict(
        VolumeState.Extending,
        VolumeReason.Extending,
        "growing to "
            + Sizes.human(requested)
            + ": the device on "
            + primary.backendId()
            + " is "
            + Sizes.human(capacity(seen.volume()))
            + " (LVs: "
            + lvs
            + ")",
        verdict.syncPercent(),
        verdict.replication());
  }

  /** What users of the device get; the LV's size from a daemon that does not say. */
  static long capacity(ObservedVolume volume) {
    if (volume.capacityBytes() > 0 || volume.lv() == null) {
      return volume.capacityBytes();
    }
    return volume.lv().sizeBytes();
  }

  /** The verdict when a node did not report the volume, else null. */
  private static Verdict problemOf(Replica replica, boolean primary) {
    String role = primary ? "primary " : "secondary ";
    if (replica.outcome() instanceof NodeOutcome.Unreachable down) {
      return new Verdict(
          VolumeState.Degraded,
          VolumeReason.NodeUnreachable,
          role + replica.backendId() + " is unreachable: " + down.message(),
          null,
          ReplicationStatus.ERROR);
    }
    if (replica.outcome() instanceof NodeOutcome.Rejected refused) {
      return new Verdict(
          VolumeState.Error,
          VolumeReason.NodeRejected,
          role
              + replica.backendId()
              + " refused: "
              + refused.error().code()
              + ": "
              + refused.error().message(),
          null,
          ReplicationStatus.ERROR);
    }
    return null;
  }

  /** The target the primary reports, or null when the volume is not exported there. */
  static VolumeTarget target(String node, ObservedVolume volume) {
    if (volume.exports().isEmpty()) {
      return null;
    }
    ObservedVolume.ObservedExport export = volume.exports().get(0);
    VolumeTarget target = new VolumeTarget();
    target.setNode(node);
    target.setTargetIqn(export.targetIqn());
    target.setLun(export.lun());
    target.setPortals(export.portals());
    target.setInitiators(export.initiators());
    target.setChapUsername(export.chapUsername());
    return target;
  }

  private static ReplicaStatus replicaStatus(Replica replica) {
    ReplicaStatus status = new ReplicaStatus();
    status.setNode(replica.node());
    status.setBackendId(replica.backendId());
    if (replica.outcome() instanceof NodeOutcome.Observed seen) {
      ObservedVolume volume = seen.volume();
      status.setDevicePath(volume.devicePath());
      if (volume.lv() != null) {
        status.setSizeBytes(capacity(volume));
      }
      ObservedVolume.ObservedDrbd drbd = volume.drbd();
      if (drbd != null) {
        status.setRole(drbd.role() == Role.PRIMARY ? "Primary" : "Secondary");
        status.setDiskState(drbd.disk().name());
        status.setConnectionState(drbd.connection().name());
        status.setReplicationState(drbd.replication().name());
        status.setSyncPercent(drbd.syncPercent());
        status.setPeerFencedAt(drbd.peerFencedAt() == null ? null : drbd.peerFencedAt().toString());
      }
    }
    return status;
  }
}

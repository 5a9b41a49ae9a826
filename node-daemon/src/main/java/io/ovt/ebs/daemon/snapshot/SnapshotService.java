package io.ovt.ebs.daemon.snapshot;

import io.ovt.ebs.daemon.converge.Converger;
import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.converge.HostObservation;
import io.ovt.ebs.daemon.converge.ObservedVolumes;
import io.ovt.ebs.daemon.converge.VolumeView;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.IoSuspension;
import io.ovt.ebs.nodeapi.NodeApiValidation;
import io.ovt.ebs.nodeapi.ObservedSnapshot;
import io.ovt.ebs.nodeapi.Role;
import io.ovt.ebs.nodeapi.SnapshotRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Takes and removes snapshots of this node's volumes. A snapshot of a secondary waits until every
 * write received from the primary is on disk; one of a primary may be bound to an I/O suspension,
 * so that both replicas' snapshots hold the same point in time.
 */
public final class SnapshotService {
  /** How long a secondary may take to write out what it received before a snapshot is refused. */
  private static final Duration SECONDARY_SETTLE = Duration.ofSeconds(5);

  private static final long POLL_MILLIS = 10;

  private final StorageHost host;
  private final HostLayout layout;
  private final Converger converger;
  private final IoSuspensions suspensions;

  public SnapshotService(
      StorageHost host, HostLayout layout, Converger converger, IoSuspensions suspensions) {
    this.host = host;
    this.layout = layout;
    this.converger = converger;
    this.suspensions = suspensions;
  }

  /** Takes a snapshot of the volume's LV here; an existing one of that name is success. */
  public ObservedSnapshot create(String volume, SnapshotRequest request) throws StorageException {
    List<String> problems = NodeApiValidation.problems(request);
    if (!problems.isEmpty()) {
      throw StorageException.refused(ErrorCode.INVALID_REQUEST, String.join("; ", problems));
    }
    return converger.locked(
        volume,
        () -> {
          HostObservation seenHost = HostObservation.of(host);
          Optional<LogicalVolume> existing = seenHost.lv(request.name());
          if (existing.isPresent()) {
            requireSnapshotOf(existing.get(), volume);
            return observed(volume, request.name());
          }
          VolumeView seen = seenHost.volume(volume, layout, null);
          Optional<SnapshotRules.Refusal> refusal = SnapshotRules.refusal(seen, layout);
          if (refusal.isPresent()) {
            throw StorageException.refused(refusal.get().code(), refusal.get().message());
          }
          DrbdResourceStatus drbd = seen.drbd();
          if (drbd != null && drbd.role() == Role.SECONDARY) {
            awaitSettled(volume, SECONDARY_SETTLE);
          }
          long dataBytes = drbd != null ? drbd.sizeBytes() : seen.lv().sizeBytes();
          Set<String> tags =
              Set.of(layout.projectTag(), layout.snapshotTag(), layout.dataBytesTag(dataBytes));
          // A classic snapshot as large as its origin can never overflow and be invalidated.
          Converger.StorageWork<Void> take =
              () -> {
                host.lvm().createSnapshot(volume, request.name(), seen.lv().sizeBytes(), tags);
                return null;
              };
          if (request.suspensionId() != null) {
            suspensions.whileHeld(volume, request.suspensionId(), take);
          } else {
            take.run();
          }
          return observed(volume, request.name());
        });
  }

  /** Removes a snapshot nothing depends on; absent is success. */
  public void delete(String volume, String snapshot) throws StorageException {
    if (!NodeApiValidation.isValidVolumeName(snapshot)) {
      throw StorageException.refused(ErrorCode.INVALID_REQUEST, "invalid snapshot name");
    }
    converger.locked(
        volume,
        () -> {
          HostObservation seenHost = HostObservation.of(host);
          Optional<LogicalVolume> lv = seenHost.lv(snapshot);
          if (lv.isEmpty()) {
            return null;
          }
          requireSnapshotOf(lv.get(), volume);
          List<String> dependents = seenHost.dependentsOf(snapshot, layout);
          if (!dependents.isEmpty()) {
            throw StorageException.refused(
                ErrorCode.HAS_DEPENDENTS,
                snapshot
                    + " is the source of "
                    + String.join(", ", dependents)
                    + ", which still need it; delete them first");
          }
          if (lv.get().open()) {
            throw StorageException.refused(
                ErrorCode.DEVICE_IN_USE,
                snapshot + " is open (a volume is being copied from it); delete it after that");
          }
          host.lvm().remove(snapshot);
          return null;
        });
  }

  /**
   * Holds the primary's I/O and waits until nothing it accepted is still on its way to either disk;
   * refuses, resuming, when that does not happen within the hold.
   */
  public IoSuspension suspendIo(String volume, Duration hold) throws StorageException {
    return converger.locked(
        volume,
        () -> {
          VolumeView seen = HostObservation.of(host).volume(volume, layout, null);
          if (seen.drbd() == null || seen.drbd().role() != Role.PRIMARY) {
            throw StorageException.refused(
                ErrorCode.STATE_CHANGE_REFUSED,
                volume + " is not a replicated volume that is primary here");
          }
          IoSuspension suspension = suspensions.suspend(volume, hold);
          try {
            awaitSettled(volume, hold.dividedBy(2));
          } catch (StorageException e) {
            suspensions.resume(volume, suspension.id());
            throw e;
          }
          return suspension;
        });
  }

  /** Releases a suspension; true when it held until now. */
  public boolean resumeIo(String volume, String suspensionId) throws StorageException {
    return suspensions.resume(volume, suspensionId);
  }

  private ObservedSnapshot observed(String volume, String snapshot) throws StorageException {
    VolumeView seen = HostObservation.of(host).volume(volume, layout, null);
    return seen.snapshots().stream()
        .filter(s -> s.lv().name().equals(snapshot))
        .findFirst()
        .map(s -> ObservedVolumes.snapshot(volume, s, layout))
        .orElseThrow(
            () ->
                StorageException.refused(
                    ErrorCode.INTERNAL, snapshot + " was created but LVM does not list it"));
  }

  private void requireSnapshotOf(LogicalVolume lv, String volume) throws StorageException {
    boolean ours = lv.hasTag(layout.snapshotTag());
    if (!ours || (lv.origin() != null && !lv.origin().equals(volume))) {
      throw StorageException.refused(
          ErrorCode.CONFLICT,
          "the LV "
              + lv.name()
              + (ours
                  ? " is a snapshot of " + lv.origin() + ", not of " + volume
                  : " exists and is not an EBS snapshot; EBS never touches LVs it did not create"));
    }
  }

  private void awaitSettled(String volume, Duration within) throws StorageException {
    Predicate<DrbdResourceStatus> settled = SnapshotRules::settled;
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      DrbdResourceStatus now =
          host.drbd().status().stream()
              .filter(s -> s.name().equals(volume))
              .findFirst()
              .orElseThrow(
                  () ->
                      StorageException.refused(
                          ErrorCode.STATE_CHANGE_REFUSED, volume + "'s DRBD resource went down"));
      if (settled.test(now)) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw StorageException.refused(
            ErrorCode.STATE_CHANGE_REFUSED,
            volume
                + ": DRBD still has requests in flight ("
                + now.inFlight()
                + ") after "
                + within.toMillis()
                + " ms; try again when the volume is less busy");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw StorageException.refused(ErrorCode.INTERNAL, "interrupted");
      }
    }
  }
}

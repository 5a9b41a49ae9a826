package io.ovt.ebs.cindersync.kube;

import io.ovt.ebs.cindersync.client.CinderClient;
import io.ovt.ebs.cindersync.client.Snapshot;
import io.ovt.ebs.cindersync.client.Volume;
import io.ovt.ebs.cindersync.client.VolumeType;
import io.ovt.ebs.cindersync.mirror.MirrorAction;
import io.ovt.ebs.cindersync.mirror.ServiceStateSync;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One round of cinder-sync: a full resync at the first round and every {@code fullEvery}, an
 * incremental {@code updated_at=gt:} poll in between, of volumes then snapshots; then the service
 * states.
 */
public final class SyncLoop {
  // updated_at has whole seconds: the poll starts a second early and the plan ignores repeats.
  private static final Duration OVERLAP = Duration.ofSeconds(1);

  private final CinderClient cinder;
  private final MirrorPass volumes;
  private final SnapshotPass snapshots;
  private final ServiceMirror services;
  private final Duration fullEvery;
  private final Clock clock;
  private Instant lastFull;
  private Instant watermark;
  private Instant snapshotWatermark;

  public SyncLoop(
      CinderClient cinder,
      MirrorPass volumes,
      SnapshotPass snapshots,
      ServiceMirror services,
      Duration fullEvery,
      Clock clock) {
    this.cinder = cinder;
    this.volumes = volumes;
    this.snapshots = snapshots;
    this.services = services;
    this.fullEvery = fullEvery;
    this.clock = clock;
  }

  /**
   * What one round did.
   *
   * @param full whether it was a full resync
   * @param actions the changes made to mirrored Volumes
   * @param services what was decided for each of Cinder's EBS volume services
   */
  public record Round(
      boolean full, List<MirrorAction> actions, List<ServiceStateSync.Decision> services) {}

  /** Whether the next round is a full resync. */
  public boolean nextIsFull() {
    return lastFull == null || !clock.instant().isBefore(lastFull.plus(fullEvery));
  }

  /** Runs one round; an exception leaves the round to be redone whole by the next. */
  public Round runOnce() throws IOException, InterruptedException {
    Instant now = clock.instant();
    Map<String, VolumeType> types =
        cinder.volumeTypes().stream()
            .collect(Collectors.toMap(VolumeType::id, Function.identity(), (a, b) -> a));
    boolean full = lastFull == null || !now.isBefore(lastFull.plus(fullEvery));
    List<MirrorAction> actions = new ArrayList<>();
    // Volumes first: a snapshot is mirrored once its volume is.
    if (full) {
      List<Volume> all = cinder.volumes(null);
      actions.addAll(volumes.full(all, types));
      List<Snapshot> allSnapshots = cinder.snapshots(null);
      actions.addAll(snapshots.full(allSnapshots));
      lastFull = now;
      watermark = newest(all, Volume::changedAt, watermark);
      snapshotWatermark = newest(allSnapshots, Snapshot::changedAt, snapshotWatermark);
    } else {
      List<Volume> changed = cinder.volumes(since(watermark));
      actions.addAll(volumes.changed(changed, types));
      List<Snapshot> changedSnapshots = cinder.snapshots(since(snapshotWatermark));
      actions.addAll(snapshots.changed(changedSnapshots));
      watermark = newest(changed, Volume::changedAt, watermark);
      snapshotWatermark = newest(changedSnapshots, Snapshot::changedAt, snapshotWatermark);
    }
    return new Round(full, List.copyOf(actions), services.pass());
  }

  private static Instant since(Instant watermark) {
    return watermark == null ? null : watermark.minus(OVERLAP);
  }

  private static <T> Instant newest(
      List<T> records, Function<T, Instant> changedAt, Instant before) {
    Instant newest = before;
    for (T r : records) {
      Instant t = changedAt.apply(r);
      if (t != null && (newest == null || t.isAfter(newest))) {
        newest = t;
      }
    }
    return newest;
  }
}

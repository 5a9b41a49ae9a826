package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvKind;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.DesiredSource;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.Provisioning;
import java.util.List;
import java.util.Set;

/**
 * Plans a new volume's first data from a source LV of this host (a clone, or a volume from a
 * snapshot). The new LV carries the init tag until its data is in place, and DRBD never sees it
 * before. A thin volume of the source's size in the source's pool is a thin snapshot of it
 * (instant; it keeps sharing blocks, so it stays tagged as depending on the source); anything else
 * is a block copy the daemon runs in the background. Pure.
 */
final class SourcePlanner {
  /** Copy-on-write room of the temporary snapshot of a thick source: a quarter, 64 MiB at least. */
  static final long MIN_COW_BYTES = 64L << 20;

  private final HostLayout layout;

  SourcePlanner(HostLayout layout) {
    this.layout = layout;
  }

  /** The action that creates the volume's LV from its source. */
  Action create(DesiredVolume desired, LogicalVolume source) throws StorageException {
    String name = desired.name();
    DesiredSource wanted = desired.source();
    if (wanted.image() != null) {
      // What the image holds is known only once downloaded: the import checks that it fits.
      return new Action.CreateLv(
          name,
          DrbdConfigs.lvBytes(desired),
          desired.provisioning(),
          layout.thinPool(),
          Set.of(layout.projectTag(), layout.initTag(), layout.imageTag()));
    }
    if (name.length() > 59) {
      throw StorageException.refused(
          ErrorCode.INVALID_REQUEST,
          name + ": a volume made from a source needs a name of 59 characters at most");
    }
    if (source == null) {
      throw StorageException.refused(
          ErrorCode.NOT_FOUND, name + ": its source LV " + wanted.lv() + " is not on this node");
    }
    if (!source.hasTag(layout.projectTag())) {
      throw StorageException.refused(
          ErrorCode.CONFLICT,
          name
              + ": the source LV "
              + wanted.lv()
              + " does not carry the tag "
              + layout.projectTag()
              + "; EBS copies only LVs it created");
    }
    if (source.hasTag(layout.initTag())) {
      throw StorageException.refused(
          ErrorCode.CONFLICT,
          name + ": the source LV " + wanted.lv() + " does not hold its own data yet");
    }
    if (source.kind() != LvKind.SNAPSHOT && wanted.dataBytes() > source.sizeBytes()) {
      throw StorageException.refused(
          ErrorCode.INVALID_REQUEST,
          name
              + ": source.dataBytes "
              + wanted.dataBytes()
              + " is more than the source LV holds ("
              + source.sizeBytes()
              + " bytes)");
    }
    long size = DrbdConfigs.lvBytes(desired);
    long room = desired.drbd() == null ? size : DrbdConfigs.usableBytes(size);
    if (wanted.dataBytes() > room) {
      throw StorageException.refused(
          ErrorCode.INVALID_REQUEST,
          name
              + ": the source's "
              + wanted.dataBytes()
              + " bytes do not fit in the volume's "
              + room
              + "-byte device (DRBD keeps its metadata at the end of the LV); ask for a larger"
              + " size");
    }
    Set<String> tags = Set.of(layout.projectTag(), layout.initTag(), layout.sourceTag(wanted.lv()));
    if (sharesBlocks(desired, source, size)) {
      return new Action.CreateSnapshotLv(wanted.lv(), name, tags);
    }
    return new Action.CreateLv(name, size, desired.provisioning(), layout.thinPool(), tags);
  }

  /** Plans the next step of an LV that carries the init tag. */
  void initialize(
      DesiredVolume desired,
      LogicalVolume lv,
      LogicalVolume sourceLv,
      InitProgress init,
      List<Action> actions)
      throws StorageException {
    String name = desired.name();
    if (lv.hasTag(layout.imageTag())) {
      initializeFromImage(desired, lv, init, actions);
      return;
    }
    String source =
        lv.tags().stream().map(layout::sourceOf).filter(s -> s != null).findFirst().orElse(null);
    if (source == null || desired.source() == null || !source.equals(desired.source().lv())) {
      throw StorageException.refused(
          ErrorCode.CONFLICT,
          name
              + " is being made from "
              + (source == null ? "an unknown source" : source)
              + "; the request must name that source until it holds its data");
    }
    switch (init.phase()) {
      case RUNNING -> {
        // The copy runs in the background; the next PUT looks again.
      }
      case DONE ->
          actions.add(
              new Action.FinishInit(
                  name,
                  source.equals(lv.origin())
                      ? List.of(layout.initTag())
                      : List.of(layout.initTag(), layout.sourceTag(source))));
      case NONE, FAILED, REFUSED -> actions.add(initialization(desired, lv, source, sourceLv));
    }
  }

  private void initializeFromImage(
      DesiredVolume desired, LogicalVolume lv, InitProgress init, List<Action> actions)
      throws StorageException {
    String name = desired.name();
    if (desired.source() == null || desired.source().image() == null) {
      throw StorageException.refused(
          ErrorCode.CONFLICT,
          name
              + " is being filled from an image; the request must name an image until it holds"
              + " its data");
    }
    switch (init.phase()) {
      case RUNNING, REFUSED -> {
        // Running: the next PUT looks again. Refused: the image is bad; the LV stays uninitialised
        // (and never reaches DRBD or an export) until the volume is deleted.
      }
      case DONE ->
          actions.add(new Action.FinishInit(name, List.of(layout.initTag(), layout.imageTag())));
      case NONE, FAILED -> {
        long room =
            desired.drbd() == null ? lv.sizeBytes() : DrbdConfigs.usableBytes(lv.sizeBytes());
        // A thin LV with no data allocated reads as zeros; after a failed attempt it may not.
        boolean zero = lv.kind() == LvKind.THIN && lv.dataPercent() == 0.0;
        actions.add(new ImportImage(name, desired.source().image(), lv.sizeBytes(), room, zero));
      }
    }
  }

  private InitializeLv initialization(
      DesiredVolume desired, LogicalVolume lv, String source, LogicalVolume sourceLv) {
    String name = desired.name();
    long dataBytes = desired.source().dataBytes();
    if (source.equals(lv.origin())) {
      // A thin snapshot holds the source's blocks already, DRBD metadata at its end included.
      return new InitializeLv(
          name,
          source,
          dataBytes,
          lv.sizeBytes(),
          InitializeLv.InitMode.WIPE_END,
          null,
          0,
          Set.of());
    }
    InitializeLv.InitMode mode =
        lv.kind() == LvKind.THIN ? InitializeLv.InitMode.COPY_SPARSE : InitializeLv.InitMode.COPY;
    if (sourceLv != null && sourceLv.kind() == LvKind.SNAPSHOT) {
      // A classic snapshot is already one point in time (and LVM cannot snapshot it again).
      return new InitializeLv(name, source, dataBytes, lv.sizeBytes(), mode, null, 0, Set.of());
    }
    return new InitializeLv(
        name,
        source,
        dataBytes,
        lv.sizeBytes(),
        mode,
        tempName(name),
        // LVM has no use for more room than the data itself (plus its exception table).
        Math.min(roundUp(Math.max(MIN_COW_BYTES, dataBytes / 4)), roundUp(dataBytes) + (4L << 20)),
        Set.of(layout.projectTag(), layout.tempTag(), layout.sourceTag(source)));
  }

  /** The temporary snapshot a copy into {@code name} reads from (names are 59 chars at most). */
  static String tempName(String name) {
    return name + "-src";
  }

  private boolean sharesBlocks(DesiredVolume desired, LogicalVolume source, long size) {
    return desired.provisioning() == Provisioning.THIN
        && source.kind() == LvKind.THIN
        && layout.thinPool() != null
        && layout.thinPool().equals(source.pool())
        && source.sizeBytes() == size;
  }

  private static long roundUp(long bytes) {
    long extent = 4L << 20;
    return ((bytes + extent - 1) / extent) * extent;
  }
}

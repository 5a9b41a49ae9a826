package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvKind;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Puts a new LV's first data in place from a source LV of this host.
 *
 * @param name the new LV
 * @param source the LV its data comes from
 * @param dataBytes how many leading bytes of the source are the data
 * @param lvBytes the new LV's size
 * @param mode what to copy and wipe
 * @param temp the temporary snapshot of the source the copy reads, so the copy is one point in time
 *     even while the source is written; null to read the source itself
 * @param cowBytes copy-on-write room of that snapshot when the source is thick
 * @param tempTags tags of the temporary snapshot (the project's, the temp tag, the source's)
 */
public record InitializeLv(
    String name,
    String source,
    long dataBytes,
    long lvBytes,
    InitMode mode,
    String temp,
    long cowBytes,
    Set<String> tempTags)
    implements Action.Background {
  /** How an LV gets its first data. */
  public enum InitMode {
    /** A thin snapshot of the source: only its end (the source's DRBD metadata) is wiped. */
    WIPE_END,
    /** A new thin LV: copy the data, leaving zero chunks unwritten; the rest reads as zeros. */
    COPY_SPARSE,
    /** A new thick LV: copy the data and wipe the rest, which may hold an older LV's bytes. */
    COPY
  }

  @Override
  public long totalBytes() {
    return dataBytes;
  }

  @Override
  public void run(StorageHost host, Action.Progress progress)
      throws StorageException, InterruptedException {
    run(host, (LongConsumer) progress::done);
  }

  /** Runs the initialisation, reporting the bytes copied so far. */
  public void run(StorageHost host, LongConsumer progress)
      throws StorageException, InterruptedException {
    if (mode == InitMode.WIPE_END) {
      host.blocks().zero(name, dataBytes, lvBytes);
      progress.accept(dataBytes);
      return;
    }
    String from = source;
    if (temp != null) {
      removeLeftover(host);
      host.lvm().createSnapshot(source, temp, cowBytes, tempTags);
      from = temp;
    }
    try {
      host.blocks().copy(from, name, dataBytes, mode == InitMode.COPY_SPARSE, progress);
      if (temp != null) {
        LogicalVolume snapshot = host.lvm().report().lv(temp).orElse(null);
        if (snapshot == null
            || (snapshot.kind() == LvKind.SNAPSHOT && snapshot.dataPercent() >= 100.0)) {
          throw StorageException.refused(
              ErrorCode.COMMAND_FAILED,
              name
                  + ": the source changed more than the temporary snapshot could hold during the"
                  + " copy; copying again");
        }
      }
      if (mode == InitMode.COPY) {
        host.blocks().zero(name, dataBytes, lvBytes);
      }
    } finally {
      if (temp != null) {
        host.lvm().remove(temp);
      }
    }
  }

  /** A temporary snapshot left by a daemon that stopped mid-copy; removed if it is ours. */
  private void removeLeftover(StorageHost host) throws StorageException {
    LogicalVolume leftover = host.lvm().report().lv(temp).orElse(null);
    if (leftover == null) {
      return;
    }
    if (!leftover.tags().containsAll(tempTags)) {
      throw StorageException.refused(
          ErrorCode.CONFLICT,
          "an LV named " + temp + " is in the way of " + name + "'s copy and is not EBS's");
    }
    host.lvm().remove(temp);
  }
}

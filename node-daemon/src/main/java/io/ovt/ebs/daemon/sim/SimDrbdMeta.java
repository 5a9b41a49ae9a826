package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.nodeapi.DiskState;

/**
 * DRBD metadata as it lives on the backing device: the disk state and the data generation that
 * decide, on connect, who syncs from whom and whether the two sides split.
 */
final class SimDrbdMeta {
  /** Disk state recorded in the metadata; Inconsistent for new metadata. */
  DiskState disk = DiskState.Inconsistent;

  /** Current data generation (DRBD's current UUID); 0 while the data was never up to date. */
  long generation;

  /** The generation both sides agreed on at the last completed sync (DRBD's bitmap UUID). */
  long commonGeneration;

  /** The same metadata, as a block copy of the LV's end would carry it. */
  SimDrbdMeta copy() {
    SimDrbdMeta copy = new SimDrbdMeta();
    copy.disk = disk;
    copy.generation = generation;
    copy.commonGeneration = commonGeneration;
    return copy;
  }

  boolean isFresh() {
    return generation == 0;
  }
}

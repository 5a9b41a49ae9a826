package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.Role;
import java.util.List;

/**
 * What DRBD decides when two resources connect: compare data generations, then either agree, resync
 * from the side that changed, or detect a split brain and drop the connection.
 */
final class SimHandshake {
  private SimHandshake() {}

  /** Connects two resources; returns the link, or null when a split brain left them StandAlone. */
  static SimLink connect(SimDrbdResource a, SimDrbdResource b, SimulatedNetwork network) {
    if (a.diskless || b.diskless) {
      // A Diskless side has no data to compare: it reads and writes through its peer.
      return link(a, b);
    }
    SimDrbdMeta ma = a.meta();
    SimDrbdMeta mb = b.meta();
    SimDrbdResource source = syncSource(a, b);
    boolean split = source == null && ma.generation != mb.generation;
    if (split && a.discardMyData != b.discardMyData) {
      // connect --discard-my-data: that side gives up what it wrote alone and becomes the target.
      source = a.discardMyData ? b : a;
      split = false;
    }
    if (split) {
      // Both wrote since they last agreed: DRBD's default after-split-brain policy disconnects.
      a.standAlone = true;
      b.standAlone = true;
      return null;
    }
    if (source != null && (source == a ? b : a).role == Role.PRIMARY) {
      // A primary never becomes a resync target: DRBD refuses and drops the connection.
      a.standAlone = true;
      b.standAlone = true;
      return null;
    }
    SimLink link = link(a, b);
    a.discardMyData = false;
    b.discardMyData = false;
    long size = Math.min(a.deviceBytes, b.deviceBytes);
    a.deviceBytes = size;
    b.deviceBytes = size;
    if (source != null) {
      link.startSync(source, network.now());
    }
    return link;
  }

  private static SimLink link(SimDrbdResource a, SimDrbdResource b) {
    SimLink link = new SimLink(a, b);
    a.link = link;
    b.link = link;
    // Connected again: DRBD ends a fence-peer freeze and sends the writes it held.
    for (SimDrbdResource end : List.of(a, b)) {
      if (end.fenceFrozen) {
        end.unfreeze();
      }
    }
    return link;
  }

  /** The side to resync from, or null when nothing needs syncing or the sides split. */
  private static SimDrbdResource syncSource(SimDrbdResource a, SimDrbdResource b) {
    SimDrbdMeta ma = a.meta();
    SimDrbdMeta mb = b.meta();
    if (ma.generation == mb.generation) {
      // Same data; an interrupted sync resumes from the side that is UpToDate.
      if (ma.disk == DiskState.UpToDate && mb.disk != DiskState.UpToDate) {
        return a;
      }
      if (mb.disk == DiskState.UpToDate && ma.disk != DiskState.UpToDate) {
        return b;
      }
      return null;
    }
    if (ma.isFresh()) {
      return b;
    }
    if (mb.isFresh()) {
      return a;
    }
    boolean aChanged = ma.generation != ma.commonGeneration;
    boolean bChanged = mb.generation != mb.commonGeneration;
    if (aChanged && bChanged) {
      return null;
    }
    return aChanged ? a : b;
  }
}

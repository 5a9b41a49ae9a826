package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.nodeapi.PeerLoss;
import java.util.Comparator;
import java.util.List;

/**
 * The simulated fence-peer handler's records, as {@code real.PeerLossRecords} keeps them in files:
 * a loss waits until the operator acknowledges it, which ends the handler's I/O freeze.
 */
final class SimPeerLosses {
  private final SimulatedHost host;

  SimPeerLosses(SimulatedHost host) {
    this.host = host;
  }

  /** Losses of resources still without their peer that nobody acknowledged, by name. */
  List<PeerLoss> unacknowledged() {
    synchronized (host.network) {
      for (SimDrbdResource resource : List.copyOf(host.simDrbd().up.values())) {
        host.simDrbd().refresh(resource);
      }
      return host.simDrbd().up.values().stream()
          .filter(r -> r.peerFencedAt != null && r.link == null && !r.peerLossAcknowledged)
          .sorted(Comparator.comparing(r -> r.config.name()))
          .map(r -> new PeerLoss(r.config.name(), r.peerFencedAt))
          .toList();
    }
  }

  /** Acknowledges the loss if it is the one recorded; the handler then lets I/O go on. */
  boolean acknowledge(PeerLoss loss) {
    synchronized (host.network) {
      SimDrbdResource resource = host.simDrbd().up.get(loss.volume());
      if (resource == null || !loss.since().equals(resource.peerFencedAt)) {
        return false;
      }
      resource.peerLossAcknowledged = true;
      if (resource.fenceFrozen) {
        resource.unfreeze();
      }
      return true;
    }
  }
}

package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.DrbdProtocol;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import java.util.List;

/**
 * The connection side of simulated DRBD: finds a resource's peer on the network, connects or drops
 * the link as the configurations and the network allow, advances resyncs, and reports the state as
 * drbdsetup would.
 */
final class SimReplication {
  private final SimulatedHost host;

  SimReplication(SimulatedHost host) {
    this.host = host;
  }

  void refresh(SimDrbdResource resource) {
    SimDrbdResource peer = findPeer(resource);
    SimLink link = resource.link;
    if (link != null && link.other(resource) != peer) {
      disconnect(link);
      link = null;
    }
    if (link == null && peer != null) {
      link = SimHandshake.connect(resource, peer, host.network);
    }
    if (link != null) {
      link.advance(host.network, host.network.now());
    }
  }

  private SimDrbdResource findPeer(SimDrbdResource resource) {
    DrbdResourceConfig config = resource.config;
    SimulatedHost peerHost = host.network.hostAt(config.peer().address(), config.local().address());
    if (resource.standAlone || peerHost == null) {
      return null;
    }
    SimDrbdResource peer = peerHost.simDrbd().up.get(config.name());
    if (peer == null || peer.standAlone) {
      return null;
    }
    DrbdResourceConfig theirs = peer.config;
    boolean matching =
        theirs.port() == config.port()
            && theirs.peer().address().equals(config.local().address())
            && theirs.local().address().equals(config.peer().address());
    return matching ? peer : null;
  }

  /** Attached while connected: DRBD runs the handshake again, now with this side's data. */
  void handshakeAgain(SimDrbdResource resource) {
    SimLink link = resource.link;
    if (link != null) {
      link.a.link = null;
      link.b.link = null;
    }
    refresh(resource);
  }

  void disconnect(SimLink link) {
    for (SimDrbdResource end : List.of(link.a, link.b)) {
      end.link = null;
      if (end.role == Role.PRIMARY && !end.diskless) {
        // A primary that loses its peer starts a new data generation for what it writes alone,
        // and DRBD freezes its I/O and runs the daemon's fence-peer handler, which records when
        // (the first loss) and, on a node that holds a fencing lease, keeps the I/O frozen until
        // the operator acknowledges it; protocol A's fencing (resource-only) records the loss
        // without freezing.
        end.meta().generation = host.network.newGeneration();
        if (end.peerFencedAt == null) {
          end.peerFencedAt = host.network.now();
          end.peerLossAcknowledged = false;
        }
        end.fenceFrozen =
            end.config.protocol() != DrbdProtocol.A
                && !end.peerLossAcknowledged
                && end.host.leaseArmed();
      }
    }
  }

  static DrbdResourceStatus statusOf(SimDrbdResource resource) {
    SimLink link = resource.link;
    SimDrbdResource peer = link == null ? null : link.other(resource);
    ReplicationState replication = ReplicationState.Off;
    if (link != null) {
      replication =
          link.source == null
              ? ReplicationState.Established
              : link.source == resource ? ReplicationState.SyncSource : ReplicationState.SyncTarget;
    }
    if (link != null && link.source == null && peer.disk() == DiskState.UpToDate) {
      // The daemon reports a fencing only until the peer is back up to date.
      resource.peerFencedAt = null;
      resource.peerLossAcknowledged = false;
    }
    ConnectionState connection =
        link != null
            ? ConnectionState.Connected
            : resource.standAlone ? ConnectionState.StandAlone : ConnectionState.Connecting;
    return new DrbdResourceStatus(
        resource.config.name(),
        resource.config.minor(),
        resource.role,
        resource.disk(),
        connection,
        replication,
        peer == null ? null : peer.role,
        peer == null ? DiskState.DUnknown : peer.disk(),
        link == null ? null : link.syncPercent(),
        resource.openers > 0,
        resource.deviceBytes,
        resource.peerFencedAt,
        resource.ioHeld(),
        new DrbdResourceStatus.InFlight(0, 0, 0, 0));
  }
}

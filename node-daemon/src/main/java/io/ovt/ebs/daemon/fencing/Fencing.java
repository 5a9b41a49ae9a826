package io.ovt.ebs.daemon.fencing;

import io.ovt.ebs.daemon.converge.FenceView;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.DrbdTool;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.Lease;
import io.ovt.ebs.nodeapi.PeerLoss;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's self-fencing: the lease, the check the {@link FencingWatchdog} runs, and the volumes
 * held. Fencing a volume holds its I/O ({@code drbdadm suspend-io}); it never ends by itself: the
 * next {@code PUT} of the volume decides how (see {@code converge.FencePlanner}).
 */
public final class Fencing implements FenceView {
  private static final Logger LOG = LoggerFactory.getLogger(Fencing.class);

  private final DrbdTool drbd;
  private final FencingLease lease;
  private final Map<String, State> volumes = new ConcurrentHashMap<>();

  public Fencing(DrbdTool drbd, FencingLease lease) {
    this.drbd = drbd;
    this.lease = lease;
  }

  /** {@code PUT /v1/lease}: grants the lease from now; answers it and the volumes held. */
  public Lease renew(Duration duration) throws StorageException {
    return renew(duration, List.of());
  }

  /**
   * {@code PUT /v1/lease} that also acknowledges the peer losses the operator recorded, so their
   * volumes go on without the peer; answers the lease, the volumes held and the peer losses still
   * waiting. Reading the losses is best effort: a renewal never fails for it.
   */
  public Lease renew(Duration duration, List<PeerLoss> recorded) throws StorageException {
    Duration granted = lease.grant(duration);
    List<PeerLoss> waiting = List.of();
    try {
      for (PeerLoss loss : recorded) {
        if (drbd.acknowledgePeerLoss(loss)) {
          LOG.info(
              "{}: the operator recorded its peer as outdated since {}",
              loss.volume(),
              loss.since());
        }
      }
      waiting = drbd.unacknowledgedPeerLosses();
    } catch (StorageException e) {
      LOG.error("fencing: cannot read or acknowledge the lost peers: {}", e.getMessage());
    }
    return new Lease(granted.toMillis(), held(), waiting);
  }

  /** The lease now. */
  public LeaseState lease() {
    return lease.state();
  }

  /**
   * One round of the watchdog: while the lease is ending or over, reads DRBD's state once and
   * fences every primary that has lost its peer. Returns the volumes it fenced; a failure is logged
   * and the next round tries again.
   *
   * <p>It does not take the volume's convergence lock: a PUT under way (a slow target command) must
   * not delay the fence past the lease. Suspending I/O is one kernel state change any concurrent
   * step tolerates, and the converger reads the fencing state again at each round.
   */
  public List<String> check() {
    LeaseState now = lease.state();
    if (!SelfFencing.mustLook(now)) {
      return List.of();
    }
    List<DrbdResourceStatus> status;
    try {
      status = drbd.status();
    } catch (StorageException e) {
      LOG.error("fencing: cannot read DRBD's state, trying again: {}", e.getMessage());
      return List.of();
    }
    List<String> fenced = new ArrayList<>();
    for (DrbdResourceStatus s : SelfFencing.toFence(now, status, volumes.keySet())) {
      try {
        drbd.suspendIo(s.name());
      } catch (StorageException e) {
        LOG.error("fencing: cannot hold the I/O of {}, trying again: {}", s.name(), e.getMessage());
        continue;
      }
      volumes.put(s.name(), State.HELD);
      fenced.add(s.name());
      LOG.warn(
          "FENCED {}: Primary without its peer (connection {}), lease age {} ms of {} ms; its"
              + " I/O is held until a PUT of the volume decides",
          s.name(),
          s.connection(),
          now.age().toMillis(),
          now.duration().toMillis());
    }
    return fenced;
  }

  /**
   * Takes over the volumes a previous daemon left fenced (see {@link SelfFencing#leftFenced}), so
   * that they stay held and the next PUT decides for them as for any fenced volume.
   */
  public void adopt(Collection<DrbdResourceStatus> status, Set<String> suspendedForSnapshots) {
    for (String name : SelfFencing.leftFenced(status, suspendedForSnapshots)) {
      if (volumes.putIfAbsent(name, State.HELD) == null) {
        LOG.warn("{}: Primary without its peer and its I/O held at start; kept fenced", name);
      }
    }
  }

  /** The volumes held now, by name: what {@link Lease#fencedVolumes()} lists. */
  public List<String> held() {
    return volumes.entrySet().stream()
        .filter(e -> e.getValue() == State.HELD)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** True when the volume is held: nobody but its next PUT may resume its I/O. */
  public boolean isHeld(String volume) {
    return state(volume) == State.HELD;
  }

  @Override
  public State state(String volume) {
    return volumes.getOrDefault(volume, State.NONE);
  }

  @Override
  public boolean leaseValid() {
    return lease.state().valid();
  }

  @Override
  public void moveTo(String volume, State next) {
    State before = next == State.NONE ? volumes.remove(volume) : volumes.put(volume, next);
    if (before != next) {
      LOG.info("{}: fencing {} -> {}", volume, before == null ? State.NONE : before, next);
    }
  }
}

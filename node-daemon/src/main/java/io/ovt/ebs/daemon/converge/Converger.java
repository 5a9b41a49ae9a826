package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.NodeApiValidation;
import io.ovt.ebs.nodeapi.ObservedVolume;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges volumes on one host: observe, plan, apply, repeat until the plan is empty. Calls for
 * the same volume run one at a time; different volumes converge in parallel.
 */
public final class Converger {
  private static final Logger LOG = LoggerFactory.getLogger(Converger.class);

  /** Enough rounds for create, metadata, up, promote and export, with slack for retries. */
  private static final int MAX_ROUNDS = 8;

  private final StorageHost host;
  private final HostLayout layout;
  private final VolumePlanner planner;
  private final TeardownPlanner teardown;
  private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

  public Converger(StorageHost host, HostLayout layout) {
    this.host = host;
    this.layout = layout;
    this.planner = new VolumePlanner(layout);
    this.teardown = new TeardownPlanner(layout);
  }

  /** Takes the volume to its desired state as far as this host can; returns what it has then. */
  public ObservedVolume converge(DesiredVolume desired) throws StorageException {
    List<String> problems = NodeApiValidation.problems(desired);
    if (!problems.isEmpty()) {
      throw StorageException.refused(ErrorCode.INVALID_REQUEST, String.join("; ", problems));
    }
    synchronized (lockOf(desired.name())) {
      List<Action> previous = List.of();
      for (int round = 0; round < MAX_ROUNDS; round++) {
        VolumeView seen = HostObservation.of(host).volume(desired.name());
        List<Action> plan = planner.plan(desired, seen);
        // The same plan again means the last one changed nothing here (e.g. a resize that waits
        // for the peer's LV to grow): repeating it now would change nothing either.
        if (plan.isEmpty() || plan.equals(previous)) {
          return ObservedVolumes.of(seen, layout);
        }
        run(plan);
        previous = plan;
      }
      return ObservedVolumes.of(HostObservation.of(host).volume(desired.name()), layout);
    }
  }

  /** Removes every trace of the volume; absent is success. */
  public void remove(String name) throws StorageException {
    requireValidName(name);
    synchronized (lockOf(name)) {
      for (int round = 0; round < MAX_ROUNDS; round++) {
        List<Action> plan = teardown.plan(HostObservation.of(host).volume(name));
        if (plan.isEmpty()) {
          locks.remove(name);
          return;
        }
        run(plan);
      }
      throw StorageException.refused(ErrorCode.INTERNAL, name + " did not go away");
    }
  }

  /** The volume as observed, or empty when the host has no trace of it. */
  public Optional<ObservedVolume> observe(String name) throws StorageException {
    requireValidName(name);
    VolumeView seen = HostObservation.of(host).volume(name);
    return seen.isAbsent() ? Optional.empty() : Optional.of(ObservedVolumes.of(seen, layout));
  }

  /** Every volume this host holds, from one observation. */
  public List<ObservedVolume> observeAll() throws StorageException {
    HostObservation observation = HostObservation.of(host);
    return observation.volumeNames(layout.projectTag()).stream()
        .map(name -> ObservedVolumes.of(observation.volume(name), layout))
        .toList();
  }

  private void run(List<Action> plan) throws StorageException {
    for (Action action : plan) {
      LOG.info("{}", action);
      action.apply(host);
    }
  }

  private Object lockOf(String name) {
    return locks.computeIfAbsent(name, n -> new Object());
  }

  private static void requireValidName(String name) throws StorageException {
    if (!NodeApiValidation.isValidVolumeName(name)) {
      throw StorageException.refused(
          ErrorCode.INVALID_REQUEST, "invalid volume name; it must be a DNS label");
    }
  }
}

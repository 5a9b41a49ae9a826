package io.ovt.ebs.daemon.converge;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.NodeApiValidation;
import io.ovt.ebs.nodeapi.ObservedVolume;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
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
  private final InitJobs jobs;
  private final FenceView fences;
  private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /** A converger on a node that never fences. */
  public Converger(StorageHost host, HostLayout layout) {
    this(host, layout, FenceView.UNFENCED);
  }

  /** A converger that lets fenced volumes leave the fence as {@link FencePlanner} plans. */
  public Converger(StorageHost host, HostLayout layout, FenceView fences) {
    this.host = host;
    this.layout = layout;
    this.fences = fences;
    this.planner = new VolumePlanner(layout);
    this.teardown = new TeardownPlanner(layout);
    this.jobs = new InitJobs(host);
  }

  /** Takes the volume to its desired state as far as this host can; returns what it has then. */
  public ObservedVolume converge(DesiredVolume desired) throws StorageException {
    // A batch of one: the same rounds, and its failure thrown as the single PUT answers it.
    Converged done = convergeAll(List.of(desired)).get(0);
    if (done.error() != null) {
      throw done.error();
    }
    return done.observed();
  }

  /**
   * Converges many volumes together (distinct names): each round observes the host once and plans
   * and applies every volume still changing, so a batch costs a few observations, not one per
   * volume per round. The batch holds its volumes' locks (taken in name order, so two batches never
   * wait on each other crosswise). A volume refused or failing is answered as such; the rest go on.
   */
  public List<Converged> convergeAll(List<DesiredVolume> desired) throws StorageException {
    List<String> names = desired.stream().map(DesiredVolume::name).toList();
    if (names.stream().distinct().count() != names.size()) {
      throw StorageException.refused(
          ErrorCode.INVALID_REQUEST, "a batch names each volume at most once");
    }
    List<Batched> pending = new ArrayList<>();
    Map<String, Converged> answers = new HashMap<>();
    for (DesiredVolume d : desired) {
      List<String> problems = NodeApiValidation.problems(d);
      if (problems.isEmpty()) {
        pending.add(new Batched(d));
      } else {
        answers.put(
            d.name(),
            Converged.refused(
                d.name(),
                StorageException.refused(ErrorCode.INVALID_REQUEST, String.join("; ", problems))));
      }
    }
    List<ReentrantLock> held = lockAll(pending.stream().map(b -> b.desired.name()).toList());
    try {
      for (int round = 0; round < MAX_ROUNDS && !pending.isEmpty(); round++) {
        HostObservation observation = HostObservation.of(host);
        List<Batched> next = new ArrayList<>();
        for (Batched b : pending) {
          b.step(observation).ifPresentOrElse(a -> answers.put(a.name(), a), () -> next.add(b));
        }
        pending = next;
      }
      if (!pending.isEmpty()) {
        HostObservation observation = HostObservation.of(host);
        for (Batched b : pending) {
          String name = b.desired.name();
          answers.put(name, Converged.of(observed(observation, name)));
        }
      }
      return names.stream().map(answers::get).toList();
    } finally {
      held.forEach(ReentrantLock::unlock);
    }
  }

  /** One volume's answer in a batch: converged, or the error it failed with. */
  public record Converged(String name, ObservedVolume observed, StorageException error) {
    static Converged of(ObservedVolume observed) {
      return new Converged(observed.name(), observed, null);
    }

    static Converged refused(String name, StorageException error) {
      return new Converged(name, null, error);
    }
  }

  /** A volume of a batch between rounds: the plan it ran last. */
  private final class Batched {
    private final DesiredVolume desired;
    private List<Action> previous = List.of();

    Batched(DesiredVolume desired) {
      this.desired = desired;
    }

    /** One round: its answer when it has settled or failed, else empty after running its plan. */
    Optional<Converged> step(HostObservation observation) {
      String name = desired.name();
      String source = desired.source() == null ? null : desired.source().lv();
      try {
        VolumeView seen = view(observation, name, source);
        List<Action> plan =
            planner.plan(
                desired, seen, jobs.progress(name), fences.state(name), fences.leaseValid());
        // The same plan again means the last one changed nothing here (e.g. a resize that waits
        // for the peer's LV to grow): repeating it now would change nothing either.
        if (plan.isEmpty() || plan.equals(previous)) {
          return Optional.of(
              Converged.of(ObservedVolumes.of(seen, layout, jobs.progress(name), isHeld(name))));
        }
        run(plan);
        previous = plan;
        return Optional.empty();
      } catch (StorageException e) {
        return Optional.of(Converged.refused(name, e));
      }
    }
  }

  /**
   * Turns replication off for the volume on this host, its UpToDate primary: the DRBD resource
   * goes, the LV and its data stay; answers the volume as it is then. No resource is success.
   */
  public ObservedVolume dropReplication(String name) throws StorageException {
    requireValidName(name);
    ReentrantLock lock = lockOf(name);
    lock.lock();
    try {
      if (isHeld(name)) {
        throw StorageException.refused(
            ErrorCode.CONFLICT,
            name + " is held by a fence (its peer was lost); replication goes off once it is free");
      }
      for (int round = 0; round < MAX_ROUNDS; round++) {
        HostObservation observation = HostObservation.of(host);
        List<Action> plan = teardown.planReplicationOff(view(observation, name, null));
        if (plan.isEmpty()) {
          fences.moveTo(name, FenceView.State.NONE);
          return observed(observation, name);
        }
        run(plan);
      }
      throw StorageException.refused(ErrorCode.INTERNAL, name + ": replication did not go off");
    } finally {
      lock.unlock();
    }
  }

  /** Removes every trace of the volume; absent is success. */
  public void remove(String name) throws StorageException {
    requireValidName(name);
    ReentrantLock lock = lockOf(name);
    lock.lock();
    try {
      try {
        jobs.cancel(name);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw StorageException.refused(ErrorCode.INTERNAL, name + ": interrupted");
      }
      removeLeftoverTemp(name);
      if (isHeld(name)) {
        // Checked before the fence is given up: a refused removal leaves the volume held.
        teardown.plan(view(HostObservation.of(host), name, null));
        releaseFence(name);
      }
      for (int round = 0; round < MAX_ROUNDS; round++) {
        List<Action> plan = teardown.plan(view(HostObservation.of(host), name, null));
        if (plan.isEmpty()) {
          fences.moveTo(name, FenceView.State.NONE);
          locks.remove(name);
          return;
        }
        run(plan);
      }
      throw StorageException.refused(ErrorCode.INTERNAL, name + " did not go away");
    } finally {
      lock.unlock();
    }
  }

  /** The volume as observed, or empty when the host has no trace of it. */
  public Optional<ObservedVolume> observe(String name) throws StorageException {
    requireValidName(name);
    HostObservation observation = HostObservation.of(host);
    return view(observation, name, null).isAbsent()
        ? Optional.empty()
        : Optional.of(observed(observation, name));
  }

  /** The named volumes the host has a trace of, from one observation. */
  public List<ObservedVolume> observe(Collection<String> names) throws StorageException {
    for (String name : names) {
      requireValidName(name);
    }
    HostObservation observation = HostObservation.of(host);
    return names.stream()
        .distinct()
        .filter(name -> !view(observation, name, null).isAbsent())
        .map(name -> observed(observation, name))
        .toList();
  }

  /** Every volume this host holds, from one observation. */
  public List<ObservedVolume> observeAll() throws StorageException {
    HostObservation observation = HostObservation.of(host);
    return observation.volumeNames(layout).stream()
        .map(name -> observed(observation, name))
        .toList();
  }

  /**
   * Runs {@code work} while no other call changes the same volume: snapshots and I/O suspension
   * take the same lock as convergence.
   */
  public <T> T locked(String name, StorageWork<T> work) throws StorageException {
    requireValidName(name);
    ReentrantLock lock = lockOf(name);
    lock.lock();
    try {
      return work.run();
    } finally {
      lock.unlock();
    }
  }

  /** Work on the host that may fail with a storage error. */
  @FunctionalInterface
  public interface StorageWork<T> {
    /** Does the work. */
    T run() throws StorageException;
  }

  private VolumeView view(HostObservation observation, String name, String source) {
    return observation.volume(name, layout, source);
  }

  /**
   * A fenced volume being removed: taking its exports away would wait on the I/O it holds, so the
   * disk goes first and the held writes fail (the volume is given up, as for a SECONDARY).
   */
  private void releaseFence(String name) throws StorageException {
    var drbd = view(HostObservation.of(host), name, null).drbd();
    if (drbd != null) {
      run(
          drbd.ioSuspended()
              ? List.of(new Action.ForceDetach(name), new Action.ResumeIo(name))
              : List.of(new Action.ForceDetach(name)));
    }
    fences.moveTo(name, FenceView.State.REJOINING);
  }

  private boolean isHeld(String name) {
    return fences.state(name) == FenceView.State.HELD;
  }

  /** A daemon that stopped mid-copy leaves the copy's temporary snapshot of the source behind. */
  private void removeLeftoverTemp(String name) throws StorageException {
    String temp = SourcePlanner.tempName(name);
    var leftover = host.lvm().report().lv(temp);
    if (leftover.isPresent()
        && leftover.get().hasTag(layout.projectTag())
        && leftover.get().hasTag(layout.tempTag())) {
      new Action.RemoveLv(temp).apply(host);
    }
  }

  private ObservedVolume observed(HostObservation observation, String name) {
    return ObservedVolumes.of(
        view(observation, name, null), layout, jobs.progress(name), isHeld(name));
  }

  private void run(List<Action> plan) throws StorageException {
    for (Action action : plan) {
      LOG.info("{}", action);
      if (action instanceof Action.LeaveFence leave) {
        fences.moveTo(leave.name(), leave.next());
        continue;
      }
      if (action instanceof Action.Background init) {
        // Copies take minutes: they run in the background and the PUT answers at once.
        jobs.start(init);
        continue;
      }
      action.apply(host);
      if (action instanceof Action.FinishInit finished) {
        jobs.forget(finished.name());
      }
    }
  }

  private ReentrantLock lockOf(String name) {
    return locks.computeIfAbsent(name, n -> new ReentrantLock());
  }

  private List<ReentrantLock> lockAll(List<String> names) {
    List<ReentrantLock> held = new ArrayList<>();
    for (String name : names.stream().sorted().distinct().toList()) {
      ReentrantLock lock = lockOf(name);
      lock.lock();
      held.add(lock);
    }
    return held;
  }

  private static void requireValidName(String name) throws StorageException {
    if (!NodeApiValidation.isValidVolumeName(name)) {
      throw StorageException.refused(
          ErrorCode.INVALID_REQUEST, "invalid volume name; it must be a DNS label");
    }
  }
}

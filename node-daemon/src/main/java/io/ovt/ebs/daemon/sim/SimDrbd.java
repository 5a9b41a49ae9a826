package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.DrbdTool;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.PeerLoss;
import io.ovt.ebs.nodeapi.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DRBD 8.4 of a simulated host. Connections, resyncs and split brains follow from the two sides'
 * metadata the way DRBD decides them; role changes are refused where DRBD refuses them.
 */
final class SimDrbd implements DrbdTool {
  private final SimulatedHost host;
  private final Map<String, DrbdResourceConfig> configs = new LinkedHashMap<>();
  final Map<String, SimDrbdResource> up = new LinkedHashMap<>();

  private final SimReplication replication;
  private final SimPeerLosses peerLosses;
  private final SimDrbdDisks disks;

  SimDrbd(SimulatedHost host) {
    this.host = host;
    this.replication = new SimReplication(host);
    this.peerLosses = new SimPeerLosses(host);
    this.disks = new SimDrbdDisks(this, host, replication);
  }

  @Override
  public List<PeerLoss> unacknowledgedPeerLosses() {
    return peerLosses.unacknowledged();
  }

  @Override
  public boolean acknowledgePeerLoss(PeerLoss loss) {
    return peerLosses.acknowledge(loss);
  }

  /**
   * The host loses power: every resource is gone from the kernel at once, without a disconnect of
   * its own (no fence-peer, no new data generation); the peers just lose the link. The metadata on
   * the LVs stays, as on disk.
   */
  void powerOff() {
    synchronized (host.network) {
      for (SimDrbdResource resource : up.values()) {
        SimLink link = resource.link;
        if (link != null) {
          link.other(resource).link = null;
          resource.link = null;
        }
      }
      up.clear();
    }
  }

  @Override
  public List<DrbdResourceStatus> status() {
    synchronized (host.network) {
      List<DrbdResourceStatus> all = new ArrayList<>();
      for (SimDrbdResource resource : up.values()) {
        replication.refresh(resource);
        all.add(SimReplication.statusOf(resource));
      }
      return all;
    }
  }

  @Override
  public List<DrbdResourceConfig> configs() {
    synchronized (host.network) {
      return List.copyOf(configs.values());
    }
  }

  @Override
  public void writeConfig(DrbdResourceConfig config) throws StorageException {
    synchronized (host.network) {
      for (DrbdResourceConfig other : configs.values()) {
        if (other.name().equals(config.name())) {
          continue;
        }
        // drbdadm parses every file: a clash breaks all resources, so refuse before writing.
        if (other.minor() == config.minor()) {
          throw clash(config, "minor " + config.minor() + " is used by resource " + other.name());
        }
        if (other.port() == config.port()) {
          throw clash(
              config,
              "conflicting use of IP '"
                  + config.local().address()
                  + ":"
                  + config.port()
                  + "' in resource "
                  + other.name());
        }
      }
      configs.put(config.name(), config);
    }
  }

  @Override
  public void removeConfig(String name) throws StorageException {
    synchronized (host.network) {
      if (up.containsKey(name)) {
        throw SimLvm.failed(
            ErrorCode.CONFLICT, List.of("rm", path(name)), "resource " + name + " is still up");
      }
      configs.remove(name);
    }
  }

  @Override
  public void ensureMetadata(String name) throws StorageException {
    disks.ensureMetadata(name);
  }

  @Override
  public boolean hasFreshMetadata(String name) {
    return disks.hasFreshMetadata(name);
  }

  @Override
  public void up(String name) throws StorageException {
    List<String> command = List.of("drbdadm", "up", name);
    synchronized (host.network) {
      host.faults().check(SimOperation.DRBD_UP, command);
      DrbdResourceConfig config = config(name, command);
      if (up.containsKey(name)) {
        throw SimLvm.failed(
            ErrorCode.CONFLICT, command, name + ": Failure: (161) Minor or volume exists already");
      }
      for (SimDrbdResource other : up.values()) {
        if (other.config.minor() == config.minor()) {
          throw SimLvm.failed(
              ErrorCode.RESOURCE_IN_USE,
              command,
              "Failure: (161) Minor or volume exists already (delete it first)");
        }
      }
      SimLv lv = backingLv(name, command);
      if (lv.meta == null) {
        throw SimLvm.failed(
            ErrorCode.COMMAND_FAILED,
            command,
            "No valid meta-data signature found. Use 'drbdadm create-md res' to initialize meta-data"
                + " area.");
      }
      lv.openers++;
      SimDrbdResource resource = new SimDrbdResource(host, lv, config);
      up.put(name, resource);
      replication.refresh(resource);
    }
  }

  @Override
  public void adjust(String name) throws StorageException {
    List<String> command = List.of("drbdadm", "adjust", name);
    synchronized (host.network) {
      host.faults().check(SimOperation.DRBD_ADJUST, command);
      SimDrbdResource resource = upResource(name, command);
      DrbdResourceConfig config = config(name, command);
      if (config.minor() != resource.config.minor()) {
        throw SimLvm.failed(
            ErrorCode.CONFLICT,
            command,
            name + ": cannot change the minor of a resource that is up");
      }
      boolean endpointsChanged =
          config.port() != resource.config.port()
              || !config.peer().equals(resource.config.peer())
              || !config.local().equals(resource.config.local());
      resource.config = config;
      if (endpointsChanged && resource.link != null) {
        replication.disconnect(resource.link);
      }
      // adjust makes the kernel match the file: a detached disk is attached again, a StandAlone
      // resource (no network configuration) connects again.
      SimLv lv = host.lvs.get(lvName(config));
      if (resource.diskless && lv != null && lv.meta != null) {
        resource.lv = lv;
        resource.diskless = false;
        lv.openers++;
        replication.handshakeAgain(resource);
      }
      resource.standAlone = false;
      replication.refresh(resource);
    }
  }

  @Override
  public void down(String name) throws StorageException {
    List<String> command = List.of("drbdadm", "down", name);
    synchronized (host.network) {
      host.faults().check(SimOperation.DRBD_DOWN, command);
      SimDrbdResource resource = up.get(name);
      if (resource == null) {
        return;
      }
      if (resource.openers > 0) {
        throw heldOpen(command, name);
      }
      if (resource.link != null) {
        replication.disconnect(resource.link);
      }
      if (!resource.diskless) {
        resource.lv.openers--;
      }
      for (SimWrite held : resource.held) {
        held.failed("Input/output error: the device went down");
      }
      resource.held.clear();
      up.remove(name);
    }
  }

  @Override
  public void primary(String name, boolean force) throws StorageException {
    List<String> command =
        force
            ? List.of("drbdadm", "primary", "--force", name)
            : List.of("drbdadm", "primary", name);
    synchronized (host.network) {
      host.faults().check(SimOperation.DRBD_PRIMARY, command);
      SimDrbdResource resource = upResource(name, command);
      replication.refresh(resource);
      if (resource.role == Role.PRIMARY) {
        return;
      }
      SimLink link = resource.link;
      if (link != null && link.other(resource).role == Role.PRIMARY) {
        throw refused(
            command, name + ": State change failed: (-1) Multiple primaries not allowed by config");
      }
      if (resource.diskless) {
        if (link == null || link.other(resource).disk() != DiskState.UpToDate) {
          throw refused(command, name + ": State change failed: (-2) Need access to UpToDate data");
        }
        resource.role = Role.PRIMARY;
        return;
      }
      SimDrbdMeta meta = resource.meta();
      if (meta.disk != DiskState.UpToDate) {
        if (!force) {
          throw refused(command, name + ": State change failed: (-2) Need access to UpToDate data");
        }
        meta.disk = DiskState.UpToDate;
        meta.generation = host.network.newGeneration();
        if (link != null) {
          link.startSync(resource, host.network.now());
        }
      } else if (link == null) {
        // Promoted without its peer: DRBD starts a new current UUID for the data written now,
        // and runs the fence-peer handler first, which records it and, on a node being
        // promoted, lets the promotion go on at once.
        meta.generation = host.network.newGeneration();
        if (resource.peerFencedAt == null) {
          resource.peerFencedAt = host.network.now();
          resource.peerLossAcknowledged = false;
        }
      }
      resource.role = Role.PRIMARY;
    }
  }

  @Override
  public void secondary(String name) throws StorageException {
    List<String> command = List.of("drbdadm", "secondary", name);
    synchronized (host.network) {
      host.faults().check(SimOperation.DRBD_SECONDARY, command);
      SimDrbdResource resource = upResource(name, command);
      if (resource.openers > 0) {
        throw heldOpen(command, name);
      }
      resource.role = Role.SECONDARY;
    }
  }

  @Override
  public void skipInitialSync(String name) throws StorageException {
    disks.skipInitialSync(name);
  }

  @Override
  public void resize(String name) throws StorageException {
    disks.resize(name);
  }

  @Override
  public void suspendIo(String name) throws StorageException {
    List<String> command = List.of("drbdadm", "suspend-io", name);
    synchronized (host.network) {
      host.faults().check(SimOperation.DRBD_SUSPEND_IO, command);
      upResource(name, command).ioSuspended = true;
    }
  }

  @Override
  public void resumeIo(String name) throws StorageException {
    List<String> command = List.of("drbdadm", "resume-io", name);
    synchronized (host.network) {
      host.faults().check(SimOperation.DRBD_RESUME_IO, command);
      SimDrbdResource resource = upResource(name, command);
      replication.refresh(resource);
      // resume-io ends a fence-peer freeze too (DRBD 8.4 clears every suspension flag).
      resource.ioSuspended = false;
      resource.unfreeze();
    }
  }

  @Override
  public void detach(String name, boolean force) throws StorageException {
    disks.detach(name, force);
  }

  @Override
  public void attach(String name) throws StorageException {
    disks.attach(name);
  }

  @Override
  public void disconnect(String name) throws StorageException {
    List<String> command = List.of("drbdadm", "disconnect", name);
    synchronized (host.network) {
      host.faults().check(SimOperation.DRBD_DISCONNECT, command);
      SimDrbdResource resource = upResource(name, command);
      if (resource.link != null) {
        replication.disconnect(resource.link);
      }
      resource.standAlone = true;
      resource.discardMyData = false;
    }
  }

  @Override
  public void connect(String name, boolean discardMyData) throws StorageException {
    List<String> command =
        discardMyData
            ? List.of("drbdadm", "connect", "--discard-my-data", name)
            : List.of("drbdadm", "connect", name);
    synchronized (host.network) {
      host.faults().check(SimOperation.DRBD_CONNECT, command);
      SimDrbdResource resource = upResource(name, command);
      if (!resource.standAlone) {
        throw SimLvm.failed(
            ErrorCode.COMMAND_FAILED,
            command,
            name + ": Failure: (125) Device has a net-config (use disconnect first)");
      }
      if (discardMyData && resource.role == Role.PRIMARY) {
        throw SimLvm.failed(
            ErrorCode.COMMAND_FAILED,
            command,
            name + ": Failure: (123) --discard-my-data not allowed when primary.");
      }
      resource.standAlone = false;
      resource.discardMyData = discardMyData;
      replication.refresh(resource);
    }
  }

  /** Brings a resource's connection up to date with the network (and its resync with the clock). */
  void refresh(SimDrbdResource resource) {
    replication.refresh(resource);
  }

  /** The resource with that minor if it is up, for targets opening {@code /dev/drbdN}. */
  SimDrbdResource byMinor(int minor) {
    return up.values().stream().filter(r -> r.config.minor() == minor).findFirst().orElse(null);
  }

  /** The resource's configuration, or null when it has none. */
  DrbdResourceConfig configOrNull(String name) {
    return configs.get(name);
  }

  DrbdResourceConfig config(String name, List<String> command) throws StorageException {
    DrbdResourceConfig config = configs.get(name);
    if (config == null) {
      throw SimLvm.failed(
          ErrorCode.NOT_FOUND,
          command,
          "'" + name + "' not defined in your config (for this host).");
    }
    return config;
  }

  SimDrbdResource upResource(String name, List<String> command) throws StorageException {
    SimDrbdResource resource = up.get(name);
    if (resource == null) {
      throw SimLvm.failed(
          ErrorCode.NOT_FOUND, command, name + ": Device minor not allocated (resource is down)");
    }
    return resource;
  }

  SimLv backingLv(String name, List<String> command) throws StorageException {
    SimLv lv = host.lvs.get(lvName(config(name, command)));
    if (lv == null) {
      throw SimLvm.failed(
          ErrorCode.COMMAND_FAILED, command, "Can not open backing device for " + name);
    }
    return lv;
  }

  static String lvName(DrbdResourceConfig config) {
    String disk = config.local().disk();
    return disk.substring(disk.lastIndexOf('/') + 1);
  }

  private static String path(String name) {
    return "/etc/drbd.d/" + name + ".res";
  }

  private static StorageException clash(DrbdResourceConfig config, String why) {
    return SimLvm.failed(ErrorCode.RESOURCE_IN_USE, List.of("drbdadm", "dump", config.name()), why);
  }

  private static StorageException heldOpen(List<String> command, String name) {
    return SimLvm.failed(
        ErrorCode.DEVICE_IN_USE,
        command,
        name + ": State change failed: (-12) Device is held open by someone");
  }

  static StorageException refused(List<String> command, String stderr) {
    return SimLvm.failed(ErrorCode.STATE_CHANGE_REFUSED, command, stderr);
  }
}

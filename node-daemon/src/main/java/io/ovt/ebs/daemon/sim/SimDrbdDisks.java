package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.Role;
import java.util.List;

/**
 * The disk side of {@link SimDrbd}: metadata, the initial sync, resize, detach and attach, refused
 * where DRBD 8.4 refuses them. Apart from the resources' roles and connections to keep each small.
 */
final class SimDrbdDisks {
  private final SimDrbd drbd;
  private final SimulatedHost host;
  private final SimReplication replication;

  SimDrbdDisks(SimDrbd drbd, SimulatedHost host, SimReplication replication) {
    this.drbd = drbd;
    this.host = host;
    this.replication = replication;
  }

  void ensureMetadata(String name) throws StorageException {
    List<String> command = List.of("drbdadm", "create-md", "--force", name);
    synchronized (host.network) {
      host.faults().check(SimOperation.DRBD_CREATE_MD, command);
      SimLv lv = drbd.backingLv(name, command);
      if (lv.meta == null) {
        lv.meta = new SimDrbdMeta();
      }
    }
  }

  boolean hasFreshMetadata(String name) {
    synchronized (host.network) {
      DrbdResourceConfig config = drbd.configOrNull(name);
      SimLv lv = config == null ? null : host.lvs.get(SimDrbd.lvName(config));
      return lv != null && lv.meta != null && lv.meta.isFresh();
    }
  }

  void skipInitialSync(String name) throws StorageException {
    List<String> command = List.of("drbdadm", "--", "--clear-bitmap", "new-current-uuid", name);
    synchronized (host.network) {
      host.faults().check(SimOperation.DRBD_NEW_UUID, command);
      SimDrbdResource resource = drbd.upResource(name, command);
      replication.refresh(resource);
      SimLink link = resource.link;
      if (link == null) {
        throw SimDrbd.refused(
            command, name + ": the peer must be connected to skip the initial sync");
      }
      SimDrbdResource peer = link.other(resource);
      if (resource.diskless
          || peer.diskless
          || !resource.meta().isFresh()
          || !peer.meta().isFresh()
          || link.source != null) {
        throw SimDrbd.refused(
            command, name + ": both sides must be new and Inconsistent to skip the sync");
      }
      long generation = host.network.newGeneration();
      for (SimDrbdResource end : List.of(resource, peer)) {
        end.meta().disk = DiskState.UpToDate;
        end.meta().generation = generation;
        end.meta().commonGeneration = generation;
      }
    }
  }

  void resize(String name) throws StorageException {
    List<String> command = List.of("drbdadm", "resize", name);
    synchronized (host.network) {
      host.faults().check(SimOperation.DRBD_RESIZE, command);
      SimDrbdResource resource = drbd.upResource(name, command);
      replication.refresh(resource);
      SimLink link = resource.link;
      if (link == null) {
        // Without its peer DRBD keeps the size both last agreed on.
        return;
      }
      if (link.source != null) {
        throw SimDrbd.refused(command, name + ": Failure: (130) Resize not allowed during resync.");
      }
      SimDrbdResource peer = link.other(resource);
      if (resource.role != Role.PRIMARY && peer.role != Role.PRIMARY) {
        throw SimDrbd.refused(command, name + ": Failure: (131) Need one Primary node to resize.");
      }
      long before = resource.deviceBytes;
      long size =
          Math.min(
              SimDrbdResource.usableBytes(resource.lv.sizeBytes),
              SimDrbdResource.usableBytes(peer.lv.sizeBytes));
      if (size <= before) {
        return;
      }
      resource.deviceBytes = size;
      peer.deviceBytes = size;
      // The grown area is out of sync: the primary sends it to its peer.
      SimDrbdResource primary = resource.role == Role.PRIMARY ? resource : peer;
      link.startSync(primary, host.network.now());
      link.bytesDone = before;
    }
  }

  void detach(String name, boolean force) throws StorageException {
    List<String> command =
        force ? List.of("drbdadm", "detach", "--force", name) : List.of("drbdadm", "detach", name);
    synchronized (host.network) {
      host.faults().check(SimOperation.DRBD_DETACH, command);
      SimDrbdResource resource = drbd.upResource(name, command);
      replication.refresh(resource);
      if (resource.diskless) {
        return;
      }
      SimLink link = resource.link;
      boolean peerServes = link != null && link.other(resource).disk() == DiskState.UpToDate;
      // A forced detach is a hard state change: DRBD skips the check that a primary keeps data.
      if (resource.role == Role.PRIMARY && !peerServes && !force) {
        throw SimDrbd.refused(
            command, name + ": State change failed: (-2) Need access to UpToDate data");
      }
      resource.diskless = true;
      resource.lv.openers--;
      if (link != null) {
        link.source = null; // a resync cannot go on without this side's disk
      }
    }
  }

  void attach(String name) throws StorageException {
    List<String> command = List.of("drbdadm", "attach", name);
    synchronized (host.network) {
      host.faults().check(SimOperation.DRBD_ATTACH, command);
      SimDrbdResource resource = drbd.upResource(name, command);
      if (!resource.diskless) {
        throw SimLvm.failed(
            ErrorCode.COMMAND_FAILED,
            command,
            name + ": Failure: (124) Device is attached to a disk (use detach first)");
      }
      SimLv lv = drbd.backingLv(name, command);
      if (lv.meta == null) {
        throw SimLvm.failed(
            ErrorCode.COMMAND_FAILED,
            command,
            "No valid meta-data signature found. Use 'drbdadm create-md res' to initialize meta-data"
                + " area.");
      }
      resource.lv = lv;
      resource.diskless = false;
      lv.openers++;
      replication.handshakeAgain(resource);
    }
  }
}

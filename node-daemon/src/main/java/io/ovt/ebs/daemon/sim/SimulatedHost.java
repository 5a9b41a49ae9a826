package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.daemon.fencing.LeaseStore;
import io.ovt.ebs.daemon.host.BlockTool;
import io.ovt.ebs.daemon.host.DrbdTool;
import io.ovt.ebs.daemon.host.ImageTool;
import io.ovt.ebs.daemon.host.LvKind;
import io.ovt.ebs.daemon.host.LvmTool;
import io.ovt.ebs.daemon.host.SharedLvmReports;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.daemon.host.TargetTool;
import io.ovt.ebs.daemon.image.ImageDownload;
import io.ovt.ebs.daemon.image.ImagePut;
import io.ovt.ebs.nodeapi.DesiredExport;
import io.ovt.ebs.nodeapi.HostType;
import io.ovt.ebs.nodeapi.NodeInfo;
import io.ovt.ebs.nodeapi.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A simulated storage host: one volume group (optionally with a thin pool), DRBD and LIO. */
public final class SimulatedHost implements StorageHost {
  /** LVM's default extent size. */
  static final long EXTENT_BYTES = 4L << 20;

  final SimulatedNetwork network;
  final String hostname;
  final String replicationAddress;
  final String volumeGroup;
  final long vgSizeBytes;
  final Map<String, SimLv> lvs = new LinkedHashMap<>();
  private final SimFaults faults = new SimFaults();
  private final LvmTool lvm;
  private final LeaseStore leaseStore = LeaseStore.inMemory();
  private final SimDrbd drbd;
  private final SimTargets targets;
  private final SimBlocks blocks;
  private final SimImages images;

  /**
   * A host on the network.
   *
   * @param thinPool name of a thin pool to create, or null for none
   * @param thinPoolBytes size of that pool, taken from the volume group
   */
  public SimulatedHost(
      SimulatedNetwork network,
      String hostname,
      String replicationAddress,
      String volumeGroup,
      long vgSizeBytes,
      String thinPool,
      long thinPoolBytes) {
    this.network = network;
    this.hostname = hostname;
    this.replicationAddress = replicationAddress;
    this.volumeGroup = volumeGroup;
    this.vgSizeBytes = vgSizeBytes;
    if (thinPool != null) {
      lvs.put(thinPool, new SimLv(thinPool, LvKind.THIN_POOL, null, thinPoolBytes, Set.of()));
    }
    this.lvm = new SharedLvmReports(new SimLvm(this), network.clock());
    this.drbd = new SimDrbd(this);
    this.targets = new SimTargets(this);
    this.blocks = new SimBlocks(this);
    this.images = new SimImages(this, ImageDownload.standard(), ImagePut.standard());
    network.register(replicationAddress, this);
  }

  @Override
  public LvmTool lvm() {
    return lvm;
  }

  @Override
  public DrbdTool drbd() {
    return drbd;
  }

  @Override
  public TargetTool targets() {
    return targets;
  }

  @Override
  public BlockTool blocks() {
    return blocks;
  }

  @Override
  public ImageTool images() {
    return images;
  }

  @Override
  public HostType type() {
    return HostType.SIMULATED;
  }

  @Override
  public String hostname() {
    return hostname;
  }

  @Override
  public NodeInfo.Versions versions(String daemonVersion) {
    return new NodeInfo.Versions(
        daemonVersion, "8.4.11 (simulated)", "9.22.0 (simulated)", "2.03.16 (simulated)");
  }

  /**
   * The host crashes: DRBD and the iSCSI targets are gone from its kernel; LVs and DRBD metadata
   * stay on its disks. Stop its daemon too ({@code SimulatedDaemons.stop}) for a whole-host crash.
   */
  public void powerOff() {
    drbd.powerOff();
    targets.powerOff();
  }

  /** Failure switches of this host. */
  public SimFaults faults() {
    return faults;
  }

  /** The network this host replicates over. */
  public SimulatedNetwork network() {
    return network;
  }

  /** The replication address of this host. */
  public String replicationAddress() {
    return replicationAddress;
  }

  /**
   * Simulates a client writing to a thin LV, so it no longer provably reads as zeros; a test uses
   * it to check that the initial sync is skipped only for untouched LVs.
   */
  public void simulateWrite(String lvName, double percentWritten) {
    synchronized (network) {
      SimLv lv = lvs.get(lvName);
      if (lv == null) {
        throw new IllegalArgumentException("no LV " + lvName);
      }
      lv.dataPercent = Math.max(lv.dataPercent, percentWritten);
    }
  }

  /**
   * A client's iSCSI login to a target of this host, as LIO decides it; throws with what iscsiadm
   * prints when it is refused (no such target or portal, no ACL, wrong or missing CHAP).
   *
   * @param credentials the CHAP credentials the initiator logs in with, or null for none
   */
  public void iscsiLogin(
      String targetIqn, String portal, String initiator, DesiredExport.Chap credentials)
      throws StorageException {
    targets.login(targetIqn, portal, initiator, credentials);
  }

  /**
   * A client writes {@code token} over {@code [offset, offset + length)} of a volume and waits for
   * it: through its DRBD device when the resource is up here (which must be Primary; a connected
   * peer gets it too), else straight to its LV. Classic snapshots of the LV use copy-on-write room
   * for it. Throws when the write is refused or fails, and when suspended I/O would hold it (see
   * {@link #submitWrite}).
   */
  public void write(String volume, long offset, long length, String token) {
    synchronized (network) {
      SimDrbdResource resource = drbd.up.get(volume);
      if (resource != null && resource.ioHeld()) {
        throw new IllegalStateException(
            "the write would block: I/O of /dev/drbd" + resource.config.minor() + " is suspended");
      }
      SimWrite write = submitWrite(volume, offset, length, token);
      if (write.state() == SimWrite.State.HELD) {
        throw new IllegalStateException(
            "the write blocks: /dev/drbd"
                + resource.config.minor()
                + " lost its peer and its fence-peer handler holds I/O");
      }
      if (!write.acknowledged()) {
        throw new IllegalStateException("cannot write " + volume + ": " + write.error());
      }
    }
  }

  /**
   * A client submits a write without waiting: written at once, held while the device's I/O is
   * suspended (resume-io lands or fails it), or failed when the device reaches no data (a Diskless
   * primary without its peer). Throws when the device refuses it outright (not Primary, past its
   * end).
   */
  public SimWrite submitWrite(String volume, long offset, long length, String token) {
    synchronized (network) {
      SimWrite write = new SimWrite(volume, new SimData.Write(offset, length, token));
      SimDrbdResource resource = drbd.up.get(volume);
      if (resource == null) {
        SimLv lv = lvs.get(volume);
        if (lv == null || offset + length > lv.sizeBytes) {
          throw new IllegalStateException("cannot write " + volume + " there");
        }
        writeLv(lv, write.write);
        write.written();
        return write;
      }
      if (resource.role != Role.PRIMARY || offset + length > resource.deviceBytes) {
        throw new IllegalStateException(
            "cannot write /dev/drbd" + resource.config.minor() + ": not Primary or past its end");
      }
      if (resource.ioHeld()) {
        resource.held.add(write);
      } else {
        land(resource, write);
      }
      return write;
    }
  }

  /** Completes a write on a device whose I/O flows: to its disk and its connected peer, if any. */
  void land(SimDrbdResource resource, SimWrite write) {
    // A write to a peer that is gone is what makes DRBD notice: never send it down a cut link.
    drbd.refresh(resource);
    if (resource.fenceFrozen) {
      resource.held.add(write); // noticed now: the fence-peer handler holds it
      return;
    }
    SimLink link = resource.link;
    SimDrbdResource peer = link == null ? null : link.other(resource);
    boolean peerHasDisk = peer != null && !peer.diskless;
    if (resource.diskless && !peerHasDisk) {
      // drbd_make_request: "IO ERROR: neither local nor remote data".
      write.failed("Input/output error: neither local nor remote data");
      return;
    }
    if (!resource.diskless) {
      writeLv(resource.lv, write.write);
    }
    if (peerHasDisk && (link.source == null || resource.diskless)) {
      peer.host.writeLv(peer.lv, write.write);
    }
    write.written();
  }

  /** The tokens an LV holds, by offset (a classic snapshot's as of when it was taken). */
  public List<String> read(String lvName) {
    synchronized (network) {
      SimLv lv = lvs.get(lvName);
      if (lv == null) {
        throw new IllegalArgumentException("no LV " + lvName);
      }
      return lv.data.tokens();
    }
  }

  /** Copies stop half way until {@link #releaseCopies()}, so a test can see one under way. */
  public void holdCopies() {
    blocks.hold();
  }

  /** Lets held copies finish. */
  public void releaseCopies() {
    blocks.release();
  }

  void writeLv(SimLv lv, SimData.Write write) {
    lv.data.write(write);
    if (lv.kind == LvKind.THIN) {
      lv.dataPercent = Math.max(lv.dataPercent, 100.0 * lv.data.writtenBytes() / lv.sizeBytes);
    }
    for (SimLv snapshot : lvs.values()) {
      if (snapshot.kind == LvKind.SNAPSHOT && lv.name.equals(snapshot.origin)) {
        snapshot.cowUsedBytes += write.length();
      }
    }
  }

  SimDrbd simDrbd() {
    return drbd;
  }

  /**
   * Where this host's daemon keeps its fencing lease (its disk, in memory): the fence-peer handler
   * holds a primary's I/O for the operator only on a node that was ever granted a lease.
   */
  public LeaseStore leaseStore() {
    return leaseStore;
  }

  boolean leaseArmed() {
    try {
      return leaseStore.load().isPresent();
    } catch (java.io.IOException e) {
      return true; // a lease file that cannot be read still says the node was armed
    }
  }

  long usedBytes() {
    return lvs.values().stream()
        .filter(lv -> lv.kind != LvKind.THIN)
        .mapToLong(lv -> lv.sizeBytes)
        .sum();
  }
}

package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.daemon.host.DrbdTool;
import io.ovt.ebs.daemon.host.LvKind;
import io.ovt.ebs.daemon.host.LvmTool;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.daemon.host.TargetTool;
import io.ovt.ebs.nodeapi.DesiredExport;
import io.ovt.ebs.nodeapi.HostType;
import io.ovt.ebs.nodeapi.NodeInfo;
import java.util.LinkedHashMap;
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
  private final SimLvm lvm;
  private final SimDrbd drbd;
  private final SimTargets targets;

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
    this.lvm = new SimLvm(this);
    this.drbd = new SimDrbd(this);
    this.targets = new SimTargets(this);
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

  SimDrbd simDrbd() {
    return drbd;
  }

  long usedBytes() {
    return lvs.values().stream()
        .filter(lv -> lv.kind != LvKind.THIN)
        .mapToLong(lv -> lv.sizeBytes)
        .sum();
  }
}

package io.ovt.ebs.daemon.host;

import io.ovt.ebs.nodeapi.HostType;
import io.ovt.ebs.nodeapi.NodeInfo;

/** One storage host: its LVM, DRBD and iSCSI target, and what it is. */
public interface StorageHost {
  /** The host's LVM volume group. */
  LvmTool lvm();

  /** The host's DRBD. */
  DrbdTool drbd();

  /** The host's iSCSI target. */
  TargetTool targets();

  /** Block copies between the host's LVs. */
  BlockTool blocks();

  /** Image imports into the host's LVs. */
  ImageTool images();

  /** Real or simulated. */
  HostType type();

  /** The host name DRBD configuration uses for this host. */
  String hostname();

  /** Versions of the storage tools. */
  NodeInfo.Versions versions(String daemonVersion) throws StorageException;
}

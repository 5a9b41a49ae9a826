package io.ovt.ebs.daemon.host;

import java.util.List;

/** Typed operations on the host's iSCSI target (LIO or tgt). */
public interface TargetTool {
  /** Every target with its backstore, LUN, ACLs and portals, in one read. */
  List<TargetSpec> list() throws StorageException;

  /** Makes the target exist exactly as given: backstore, LUN, ACLs and portals, in one batch. */
  void ensure(TargetSpec target) throws StorageException;

  /** Removes the target and its backstore. */
  void remove(String iqn) throws StorageException;
}

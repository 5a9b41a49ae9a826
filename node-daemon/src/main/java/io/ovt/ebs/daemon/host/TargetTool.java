package io.ovt.ebs.daemon.host;

import java.util.List;
import java.util.Set;

/** Typed operations on the host's iSCSI target (LIO or tgt). */
public interface TargetTool {
  /** Every target with its backstore, LUN, ACLs and portals, in one read. */
  List<TargetSpec> list() throws StorageException;

  /** Makes the target exist exactly as given: backstore, LUN, ACLs and portals, in one batch. */
  void ensure(TargetSpec target) throws StorageException;

  /** Removes the target and its backstore. */
  void remove(String iqn) throws StorageException;

  /**
   * Targets whose LUN still has the size its device had when the target opened it, smaller than the
   * device has now (after an extend). None for LIO, whose block backstore reads the device's size
   * on every READ CAPACITY.
   */
  default Set<String> outdatedLunSizes() throws StorageException {
    return Set.of();
  }

  /** Makes the target's LUN take its device's current size; initiators see it on a rescan. */
  default void refreshLunSize(String iqn) throws StorageException {}
}

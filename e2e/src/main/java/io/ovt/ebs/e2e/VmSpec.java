package io.ovt.ebs.e2e;

import java.util.List;

/**
 * How to boot one VM.
 *
 * @param name host name in the guest, also the VM's name in the harness
 * @param memoryMib guest RAM
 * @param scratchDiskBytes size of /dev/vdb, or 0 for none
 * @param nics network cards in PCI order
 * @param initiatorName iSCSI initiator name written into the guest, or null
 * @param startIscsid whether the guest starts iscsid (the initiator's daemon)
 * @param modules kernel modules the guest loads at boot (drbd is left to the tests)
 */
public record VmSpec(
    String name,
    int memoryMib,
    long scratchDiskBytes,
    List<Nic> nics,
    String initiatorName,
    boolean startIscsid,
    List<String> modules) {

  /** Device mapper (thin, snapshots) and LIO's iSCSI target: what a storage host uses. */
  public static final List<String> STORAGE_MODULES =
      List.of(
          "dm_mod",
          "dm_thin_pool",
          "dm_snapshot",
          "target_core_mod",
          "target_core_iblock",
          "iscsi_target_mod");

  /** The iSCSI initiator and SCSI disks: what the client uses. */
  public static final List<String> CLIENT_MODULES = List.of("iscsi_tcp", "sd_mod");

  public VmSpec {
    nics = List.copyOf(nics);
    modules = List.copyOf(modules);
  }
}

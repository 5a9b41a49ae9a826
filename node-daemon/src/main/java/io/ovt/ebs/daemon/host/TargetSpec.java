package io.ovt.ebs.daemon.host;

import io.ovt.ebs.nodeapi.DesiredExport;
import java.util.List;

/**
 * One iSCSI target exporting one volume: what the target tool is asked to make exist.
 *
 * @param iqn target IQN
 * @param backstore backstore name (the volume name)
 * @param devicePath the block device exported
 * @param lun LUN of the device
 * @param initiators initiator IQNs, one ACL each
 * @param portals ip:port portals
 * @param chap one-way CHAP every initiator must log in with, null for none, or {@link #UNSETTLED}
 *     when the target requires something other than one set of credentials for all its ACLs
 */
public record TargetSpec(
    String iqn,
    String backstore,
    String devicePath,
    int lun,
    List<String> initiators,
    List<String> portals,
    DesiredExport.Chap chap) {

  /**
   * What a target reports when its CHAP is half set (some ACLs with credentials, some without, or
   * authentication required without credentials): never equal to a valid desired CHAP or to none,
   * so the planner sets it again.
   */
  public static final DesiredExport.Chap UNSETTLED = new DesiredExport.Chap("", "");

  public TargetSpec {
    initiators = List.copyOf(initiators);
    portals = List.copyOf(portals);
  }

  /** A target without CHAP. */
  public TargetSpec(
      String iqn,
      String backstore,
      String devicePath,
      int lun,
      List<String> initiators,
      List<String> portals) {
    this(iqn, backstore, devicePath, lun, initiators, portals, null);
  }

  /** The CHAP user name initiators log in with, or null when CHAP is not (cleanly) required. */
  public String chapUsername() {
    return chap == null || UNSETTLED.equals(chap) ? null : chap.username();
  }
}

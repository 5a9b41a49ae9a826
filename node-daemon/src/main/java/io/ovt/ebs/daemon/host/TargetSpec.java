package io.ovt.ebs.daemon.host;

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
 */
public record TargetSpec(
    String iqn,
    String backstore,
    String devicePath,
    int lun,
    List<String> initiators,
    List<String> portals) {

  public TargetSpec {
    initiators = List.copyOf(initiators);
    portals = List.copyOf(portals);
  }
}

package io.ovt.ebs.nodeapi;

import java.util.List;

/**
 * An iSCSI export of a volume from this node.
 *
 * @param targetIqn the target's IQN
 * @param lun the LUN of the volume on the target
 * @param initiators initiator IQNs, one ACL each
 * @param portals portals as ip:port
 */
public record DesiredExport(
    String targetIqn, int lun, List<String> initiators, List<String> portals) {

  public DesiredExport {
    initiators = initiators == null ? List.of() : List.copyOf(initiators);
    portals = portals == null ? List.of() : List.copyOf(portals);
  }
}

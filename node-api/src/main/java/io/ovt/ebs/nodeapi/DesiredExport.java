package io.ovt.ebs.nodeapi;

import java.util.List;

/**
 * An iSCSI export of a volume from this node.
 *
 * @param targetIqn the target's IQN
 * @param lun the LUN of the volume on the target
 * @param initiators initiator IQNs, one ACL each
 * @param portals portals as ip:port
 * @param chap CHAP credentials every initiator must log in with, or null for none
 */
public record DesiredExport(
    String targetIqn, int lun, List<String> initiators, List<String> portals, Chap chap) {

  public DesiredExport {
    initiators = initiators == null ? List.of() : List.copyOf(initiators);
    portals = portals == null ? List.of() : List.copyOf(portals);
  }

  /** An export without CHAP. */
  public DesiredExport(String targetIqn, int lun, List<String> initiators, List<String> portals) {
    this(targetIqn, lun, initiators, portals, null);
  }

  /**
   * One-way CHAP credentials (the initiator authenticates to the target).
   *
   * @param username CHAP user name
   * @param password CHAP secret
   */
  public record Chap(String username, String password) {
    @Override
    public String toString() {
      // Never print the secret, e.g. in the daemon's action log.
      return "Chap[username=" + username + ", password=***]";
    }
  }
}

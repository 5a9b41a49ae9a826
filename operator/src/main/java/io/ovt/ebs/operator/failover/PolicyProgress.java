package io.ovt.ebs.operator.failover;

import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.ReplicaStatus;
import io.ovt.ebs.crds.volume.Volume;
import java.util.List;
import java.util.Objects;

/**
 * Where a pair's replicated volumes stand against its active node: served there, held back with a
 * reason, still to move, and, once a failed node is back, how many of its replicas are in sync
 * again. Pure.
 *
 * @param total replicated volumes on the pair
 * @param served those whose primary is the active node
 * @param refused those that will not move without a person (their Switchover condition says why)
 * @param recovering those whose replica on {@code returning} is not yet UpToDate and connected
 */
public record PolicyProgress(int total, int served, int refused, int recovering) {

  /** Volumes neither served by the active node nor refused: the move is not finished. */
  public int pending() {
    return total - served - refused;
  }

  /**
   * The progress of {@code volumes} towards {@code active}; {@code returning} is the node failed
   * away from (null when none), whose replicas must be in sync again before thaw.
   */
  public static PolicyProgress of(List<Volume> volumes, String active, String returning) {
    int served = 0;
    int refused = 0;
    int recovering = 0;
    for (Volume v : volumes) {
      var status = v.getStatus();
      if (active.equals(status.getPrimaryNode())) {
        served++;
        if (returning != null
            && returning.equals(status.getSecondaryNode())
            && !inSync(status.getReplicas(), returning)) {
          recovering++;
        }
      } else if (Conditions.find(status, ConditionType.Switchover)
          .map(c -> "FailoverRefused".equals(c.getReason()))
          .orElse(false)) {
        refused++;
      }
    }
    return new PolicyProgress(volumes.size(), served, refused, recovering);
  }

  private static boolean inSync(List<ReplicaStatus> replicas, String node) {
    return replicas.stream()
        .filter(r -> Objects.equals(node, r.getNode()))
        .anyMatch(
            r ->
                "UpToDate".equals(r.getDiskState())
                    && "Connected".equals(r.getConnectionState())
                    && "Established".equals(r.getReplicationState()));
  }
}

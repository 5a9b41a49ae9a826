package io.ovt.ebs.operator.pair;

import io.ovt.ebs.crds.Api;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.ReplicationPairSpec;
import io.ovt.ebs.crds.replication.VolumeCounts;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.operator.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/** Judges a pair from its spec and its nodes, and counts its volumes. Pure. */
public final class PairCheck {
  /** The verdict: ready, or the first reason it is not, with a message. */
  public record Verdict(PairReason reason, String message) {
    /** True when the pair can take volumes. */
    public boolean ready() {
      return reason == PairReason.PairReady;
    }
  }

  private PairCheck() {}

  /** The pair's verdict. */
  public static Verdict judge(
      ReplicationPairSpec spec, Function<String, Optional<StorageNode>> nodes) {
    List<String> problems = new ArrayList<>();
    if (spec == null || spec.getNodes() == null || spec.getNodes().size() != 2) {
      return new Verdict(PairReason.InvalidSpec, "spec.nodes must name exactly two StorageNodes");
    }
    for (String node : spec.getNodes()) {
      if (node == null || !node.matches(Api.NAME_PATTERN)) {
        problems.add("node name '" + node + "' is not valid");
      }
    }
    if (spec.getNodes().get(0).equals(spec.getNodes().get(1))) {
      problems.add("a pair needs two different nodes");
    }
    if (spec.getMode() == null) {
      problems.add("spec.mode must be async, semi-sync or full-sync");
    }
    try {
      Sizes.rateKiB(spec.getResyncRate());
    } catch (IllegalArgumentException e) {
      problems.add("spec.resyncRate: " + e.getMessage());
    }
    if (!problems.isEmpty()) {
      return new Verdict(PairReason.InvalidSpec, String.join("; ", problems));
    }
    for (String name : spec.getNodes()) {
      Optional<StorageNode> node = nodes.apply(name);
      if (node.isEmpty()) {
        return new Verdict(PairReason.NodeNotFound, "StorageNode " + name + " does not exist");
      }
      if (node.get().getStatus() == null
          || !Conditions.isTrue(node.get().getStatus(), ConditionType.Ready)) {
        return new Verdict(PairReason.NodeNotReady, "StorageNode " + name + " is not Ready");
      }
    }
    return new Verdict(
        PairReason.PairReady,
        String.join(" <-> ", spec.getNodes())
            + " in "
            + spec.getMode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
  }

  /** How many of the volumes are in each replication state. */
  public static VolumeCounts count(Stream<Volume> volumes) {
    VolumeCounts counts = new VolumeCounts();
    volumes.forEach(
        v -> {
          counts.setTotal(counts.getTotal() + 1);
          VolumeState state = v.getStatus().getState();
          if (state == VolumeState.Available) {
            counts.setUpToDate(counts.getUpToDate() + 1);
          } else if (state == VolumeState.Syncing || state == VolumeState.Creating) {
            counts.setSyncing(counts.getSyncing() + 1);
          } else if (state == VolumeState.Degraded || state == VolumeState.Error) {
            counts.setDegraded(counts.getDegraded() + 1);
          }
        });
    return counts;
  }
}

package io.ovt.ebs.operator.failover;

import io.ovt.ebs.crds.Api;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.FailoverPolicySpec;
import io.ovt.ebs.crds.replication.ReplicationPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Judges a failover policy and finds the node its active backend names. Pure. */
public final class PolicyCheck {
  /** The verdict, with the active node's name when ready. */
  public record Verdict(PolicyReason reason, String message, String activeNode) {}

  private PolicyCheck() {}

  /** The policy's verdict. */
  public static Verdict judge(
      FailoverPolicySpec spec,
      Function<String, Optional<ReplicationPair>> pairs,
      Function<String, Optional<StorageNode>> nodes) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      return new Verdict(PolicyReason.InvalidSpec, "spec is required", null);
    }
    if (spec.getPair() == null || !spec.getPair().matches(Api.NAME_PATTERN)) {
      problems.add("spec.pair must name a ReplicationPair");
    }
    if (spec.getActiveBackend() == null
        || !spec.getActiveBackend().matches(Api.BACKEND_ID_PATTERN)) {
      problems.add("spec.activeBackend must be a backend id like hci-0001@EBS");
    }
    if (java.util.Objects.requireNonNullElse(spec.getFencingLeaseSeconds(), 6)
        >= java.util.Objects.requireNonNullElse(spec.getFailureThresholdSeconds(), 8)) {
      problems.add("fencingLeaseSeconds must be shorter than failureThresholdSeconds");
    }
    if (!problems.isEmpty()) {
      return new Verdict(PolicyReason.InvalidSpec, String.join("; ", problems), null);
    }
    Optional<ReplicationPair> pair = pairs.apply(spec.getPair());
    if (pair.isEmpty()) {
      return new Verdict(
          PolicyReason.PairNotFound, "ReplicationPair " + spec.getPair() + " does not exist", null);
    }
    List<String> backends = new ArrayList<>();
    for (String name : pair.get().getSpec().getNodes()) {
      Optional<String> backend = nodes.apply(name).map(n -> n.getSpec().getBackendId());
      backends.add(backend.orElse(name + " (missing)"));
      if (backend.isPresent() && backend.get().equals(spec.getActiveBackend())) {
        return new Verdict(
            PolicyReason.PolicyReady,
            spec.getActiveBackend()
                + " serves pair "
                + spec.getPair()
                + (Boolean.TRUE.equals(spec.getFrozen())
                    ? "; lifecycle operations are frozen"
                    : ""),
            name);
      }
    }
    return new Verdict(
        PolicyReason.UnknownBackend,
        "activeBackend "
            + spec.getActiveBackend()
            + " is not a node of pair "
            + spec.getPair()
            + " "
            + backends,
        null);
  }
}

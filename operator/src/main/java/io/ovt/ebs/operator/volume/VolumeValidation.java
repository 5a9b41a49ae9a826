package io.ovt.ebs.operator.volume;

import io.ovt.ebs.crds.Api;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeReplication;
import io.ovt.ebs.crds.volume.VolumeSpec;
import io.ovt.ebs.nodeapi.NodeApiValidation;
import io.ovt.ebs.operator.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks the CRD schema makes, made again: the schema is the first gate, but a cluster without
 * it (or an older CRD) must not let bad input reach a node. Pure.
 */
public final class VolumeValidation {
  private static final Pattern NAME = Pattern.compile(Api.NAME_PATTERN);
  private static final Pattern SIZE = Pattern.compile(Api.SIZE_PATTERN);

  /** Smallest volume: one 4 MiB extent. */
  static final long MIN_BYTES = 4L << 20;

  private VolumeValidation() {}

  /** Every problem of the volume's spec; empty when it is valid. */
  public static List<String> problems(Volume volume) {
    List<String> problems = new ArrayList<>();
    String name = volume.getMetadata().getName();
    if (name == null || name.length() > 253 || !NAME.matcher(name).matches()) {
      problems.add("metadata.name must be a DNS-1123 subdomain");
    }
    VolumeSpec spec = volume.getSpec();
    if (spec == null) {
      problems.add("spec is required");
      return problems;
    }
    sizeProblems(spec.getSize(), problems);
    if (spec.getProvisioning() == null) {
      problems.add("spec.provisioning must be thin or thick");
    }
    VolumeReplication replication = spec.getReplication();
    boolean replicated = replication == null || !Boolean.FALSE.equals(replication.getEnabled());
    if (replication != null
        && replication.getPair() != null
        && !NAME.matcher(replication.getPair()).matches()) {
      problems.add("spec.replication.pair '" + replication.getPair() + "' is not a valid name");
    }
    if (spec.getNode() != null) {
      if (!NAME.matcher(spec.getNode()).matches()) {
        problems.add("spec.node '" + spec.getNode() + "' is not a valid name");
      }
      if (replicated) {
        problems.add(
            "spec.node places a volume that is not replicated; set replication.enabled: false");
      }
    }
    return problems;
  }

  private static void sizeProblems(String size, List<String> problems) {
    if (size == null || !SIZE.matcher(size).matches()) {
      problems.add("spec.size '" + size + "' must be a positive size such as 10Gi (Mi, Gi or Ti)");
      return;
    }
    long bytes = Sizes.bytes(size);
    if (bytes < MIN_BYTES || bytes > NodeApiValidation.MAX_SIZE_BYTES) {
      problems.add(
          "spec.size "
              + size
              + " must be between 4Mi and "
              + Sizes.human(NodeApiValidation.MAX_SIZE_BYTES));
    }
  }

  /** True when the volume wants a second replica. */
  public static boolean isReplicated(VolumeSpec spec) {
    return spec.getReplication() == null
        || !Boolean.FALSE.equals(spec.getReplication().getEnabled());
  }
}

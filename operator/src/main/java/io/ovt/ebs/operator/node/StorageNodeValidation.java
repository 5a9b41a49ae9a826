package io.ovt.ebs.operator.node;

import io.ovt.ebs.crds.Api;
import io.ovt.ebs.crds.node.StorageNodeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The schema's checks of a StorageNode spec, made again before the operator acts on it. Pure. */
public final class StorageNodeValidation {
  private StorageNodeValidation() {}

  /** Every problem of the spec; empty when valid. */
  public static List<String> problems(StorageNodeSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      return List.of("spec is required");
    }
    check(
        spec.getBackendId(),
        Api.BACKEND_ID_PATTERN,
        "spec.backendId (like hci-0001@EBS)",
        problems);
    check(spec.getAddress(), Api.HOST_PATTERN, "spec.address", problems);
    check(spec.getVolumeGroup(), Api.LVM_NAME_PATTERN, "spec.volumeGroup", problems);
    check(
        spec.getReplicationAddress(), Api.IPV4_PATTERN, "spec.replicationAddress (IPv4)", problems);
    if (spec.getThinPool() != null) {
      check(spec.getThinPool(), Api.LVM_NAME_PATTERN, "spec.thinPool", problems);
    }
    if (spec.getPort() != null && (spec.getPort() < 1 || spec.getPort() > 65535)) {
      problems.add("spec.port must be between 1 and 65535");
    }
    return problems;
  }

  private static void check(String value, String pattern, String what, List<String> problems) {
    if (value == null || !Pattern.compile(pattern).matcher(value).matches()) {
      problems.add(
          what + " is missing or invalid: " + (value == null ? "not set" : "'" + value + "'"));
    }
  }
}

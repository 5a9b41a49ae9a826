package io.ovt.ebs.cindersync.conf;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.node.StorageNodeSpec;
import io.ovt.ebs.crds.node.TargetHelper;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverPolicySpec;
import io.ovt.ebs.crds.replication.ReplicationMode;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.replication.ReplicationPairSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the original driver's {@code [EBS]} sections (one host's, or both hosts' of a pair) into
 * the StorageNodes, ReplicationPair and FailoverPolicy that describe the same pair. Pure.
 */
public final class ConfImport {
  /**
   * What the sections describe, and what a person must still fill in.
   *
   * @param notes what the sections did not say (e.g. a peer's target portals)
   */
  public record Result(List<HasMetadata> resources, List<String> notes) {}

  private ConfImport() {}

  /** The resources of the sections; the first section's backend is the policy's active one. */
  public static Result of(List<EbsBackendSection> sections) {
    if (sections.isEmpty()) {
      throw new IllegalArgumentException(
          "no section with volume_driver = " + EbsBackendSection.DRIVER);
    }
    EbsBackendSection first = sections.get(0);
    if (first.peer().get("backend_id") == null) {
      throw new IllegalArgumentException(
          "[" + first.section() + "] has no replication_device: a pair needs its peer");
    }
    Map<String, StorageNodeSpec> nodes = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (EbsBackendSection s : sections) {
      nodes.put(s.backendId(), node(s));
    }
    Map<String, String> peer = first.peer();
    String peerId = peer.get("backend_id");
    if (!nodes.containsKey(peerId)) {
      StorageNodeSpec spec = new StorageNodeSpec();
      spec.setBackendId(peerId);
      spec.setAddress(require(peer, "ip", first));
      spec.setReplicationAddress(peer.get("ip"));
      spec.setPort(Integer.valueOf(peer.getOrDefault("port", "7000")));
      spec.setVolumeGroup(peer.getOrDefault("volume_group", first.volumeGroup()));
      spec.setTargetHelper(helper(first.targetHelper()));
      spec.setTargetPortals(new ArrayList<>());
      nodes.put(peerId, spec);
      notes.add(
          peerId
              + ": its target portals are not in this file; set spec.targetPortals (its"
              + " target_ip_address and target_secondary_ip_addresses), or give its cinder.conf too");
    }
    if (nodes.size() != 2) {
      throw new IllegalArgumentException(
          "the sections describe " + nodes.size() + " backends " + nodes.keySet() + ", not a pair");
    }
    List<HasMetadata> out = new ArrayList<>();
    List<String> names = new ArrayList<>();
    nodes.forEach(
        (id, spec) -> {
          StorageNode n = new StorageNode();
          n.getMetadata().setName(nodeName(id));
          n.setSpec(spec);
          out.add(n);
          names.add(nodeName(id));
        });
    String pairName = names.get(0) + "-" + names.get(1);
    ReplicationPair pair = new ReplicationPair();
    pair.getMetadata().setName(pairName);
    ReplicationPairSpec pairSpec = new ReplicationPairSpec();
    pairSpec.setNodes(names);
    pairSpec.setMode(mode(first.replicationMode()));
    if (first.resyncRate() != null) {
      // The original driver's replication_resync_rate is in MiB/s.
      pairSpec.setResyncRate(first.resyncRate() + "M");
    }
    if (first.startingPort() != null) {
      pairSpec.setStartingPort(first.startingPort());
    }
    pair.setSpec(pairSpec);
    out.add(pair);
    FailoverPolicy policy = new FailoverPolicy();
    policy.getMetadata().setName(pairName);
    FailoverPolicySpec policySpec = new FailoverPolicySpec();
    policySpec.setPair(pairName);
    policySpec.setActiveBackend(first.backendId());
    policy.setSpec(policySpec);
    out.add(policy);
    return new Result(List.copyOf(out), List.copyOf(notes));
  }

  private static StorageNodeSpec node(EbsBackendSection s) {
    StorageNodeSpec spec = new StorageNodeSpec();
    spec.setBackendId(s.backendId());
    spec.setAddress(s.backendIp());
    spec.setPort(s.backendPort());
    spec.setVolumeGroup(s.volumeGroup());
    // The original replicated over the API's address (replication_device's ip).
    spec.setReplicationAddress(s.backendIp());
    spec.setTargetHelper(helper(s.targetHelper()));
    List<String> portals = new ArrayList<>();
    s.targetIps().forEach(ip -> portals.add(ip + ":3260"));
    spec.setTargetPortals(portals);
    return spec;
  }

  // hci-0001@EBS -> hci-0001: the names the seed's tables use.
  private static String nodeName(String backendId) {
    return backendId.substring(0, backendId.indexOf('@')).toLowerCase(Locale.ROOT);
  }

  private static ReplicationMode mode(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "async" -> ReplicationMode.ASYNC;
      case "semi-sync" -> ReplicationMode.SEMI_SYNC;
      case "full-sync" -> ReplicationMode.FULL_SYNC;
      default ->
          throw new IllegalArgumentException(
              "replication_mode = " + text + " is not async, semi-sync or full-sync");
    };
  }

  private static TargetHelper helper(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "lioadm" -> TargetHelper.LIOADM;
      case "tgtadm" -> TargetHelper.TGTADM;
      default ->
          throw new IllegalArgumentException(
              "target_helper = " + text + " is not lioadm or tgtadm");
    };
  }

  private static String require(Map<String, String> peer, String key, EbsBackendSection s) {
    String v = peer.get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          "[" + s.section() + "] replication_device has no " + key + ":");
    }
    return v;
  }
}

package io.ovt.ebs.standalone;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeStatus;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The system's state as the seed's OpenStack tables showed it. */
final class StatusTables {
  private final KubernetesClient client;

  StatusTables(KubernetesClient client) {
    this.client = client;
  }

  /** Like {@code openstack volume service list --long}: one row per storage node. */
  String serviceList() {
    TextTable table =
        new TextTable("Binary", "Host", "Status", "State", "Updated At", "Disabled Reason");
    for (StorageNode node : client.resources(StorageNode.class).list().getItems()) {
      var status = node.getStatus();
      table.row(
          "ebs-node-daemon",
          node.getSpec().getBackendId(),
          status == null || status.getServiceStatus() == null
              ? "unknown"
              : word(status.getServiceStatus()),
          status == null || status.getState() == null ? "unknown" : word(status.getState()),
          status == null ? null : status.getLastHeartbeat(),
          status == null ? null : status.getDisabledReason());
    }
    return table.render();
  }

  /** The pairs with their mode, active backend and volume counts. */
  String pairs() {
    Map<String, FailoverPolicy> policies =
        client.resources(FailoverPolicy.class).list().getItems().stream()
            .collect(
                Collectors.toMap(p -> p.getSpec().getPair(), Function.identity(), (a, b) -> a));
    TextTable table =
        new TextTable(
            "Pair", "Nodes", "Mode", "Active Backend", "Failover State", "Volumes", "Up To Date");
    for (ReplicationPair pair : client.resources(ReplicationPair.class).list().getItems()) {
      FailoverPolicy policy = policies.get(pair.getMetadata().getName());
      var counts = pair.getStatus() == null ? null : pair.getStatus().getVolumes();
      table.row(
          pair.getMetadata().getName(),
          String.join(", ", pair.getSpec().getNodes()),
          pair.getSpec().getMode().name().toLowerCase(Locale.ROOT).replace('_', '-'),
          policy == null ? null : policy.getSpec().getActiveBackend(),
          policy == null || policy.getStatus() == null ? null : policy.getStatus().getState(),
          counts == null ? 0 : counts.getTotal(),
          counts == null ? 0 : counts.getUpToDate());
    }
    return table.render();
  }

  /** Like {@code openstack volume show}: the volume's fields and values. */
  String volumeShow(Volume volume) {
    VolumeStatus s = volume.getStatus() == null ? new VolumeStatus() : volume.getStatus();
    Function<String, String> backend =
        node ->
            node == null
                ? null
                : client.resources(StorageNode.class).withName(node).get().getSpec().getBackendId();
    var ready = Conditions.find(s, ConditionType.Ready);
    TextTable table = new TextTable("Field", "Value");
    table
        .row("id", volume.getMetadata().getUid())
        .row("name", volume.getMetadata().getName())
        .row("size", volume.getSpec().getSize())
        .row("provisioning", word(volume.getSpec().getProvisioning()))
        .row("status", s.getState() == null ? null : word(s.getState()))
        .row(
            "os-vol-host-attr:host",
            s.getPrimaryNode() == null ? null : backend.apply(s.getPrimaryNode()) + "#ebs")
        .row("primary", backend.apply(s.getPrimaryNode()))
        .row("secondary", backend.apply(s.getSecondaryNode()))
        .row(
            "replication_status",
            s.getReplicationStatus() == null
                ? null
                : word(s.getReplicationStatus()).replace('_', '-'))
        .row("drbd_minor", s.getDrbd() == null ? null : s.getDrbd().getMinor())
        .row("drbd_port", s.getDrbd() == null ? null : s.getDrbd().getPort())
        .row("drbd_protocol", s.getDrbd() == null ? null : s.getDrbd().getProtocol())
        .row("device", s.getDevicePath())
        .row("sync", s.getSyncPercent() == null ? null : s.getSyncPercent() + "%")
        .row("ready", ready.map(c -> c.getStatus() + " (" + c.getReason() + ")").orElse(null));
    s.getReplicas()
        .forEach(
            r ->
                table.row(
                    "replica " + r.getBackendId(),
                    r.getRole() + " / " + r.getDiskState() + " / " + r.getConnectionState()));
    return table.render();
  }

  private static String word(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}

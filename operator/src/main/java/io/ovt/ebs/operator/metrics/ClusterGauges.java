package io.ovt.ebs.operator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.ovt.ebs.crds.node.NodeCapacity;
import io.ovt.ebs.crds.node.NodeState;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.operator.cluster.ClusterView;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Gauges of what the caches hold now: volumes by state, sync progress, outdated standbys, degraded
 * pairs, node state and capacity. Recomputed at each scrape, so they never drift from status.
 */
final class ClusterGauges {
  private final MultiGauge volumesByState;
  private final MultiGauge syncPercent;
  private final MultiGauge outdatedSeconds;
  private final MultiGauge degradedByPair;
  private final MultiGauge nodeUp;
  private final MultiGauge vgSize;
  private final MultiGauge vgFree;
  private final MultiGauge thinData;
  private final MultiGauge thinMetadata;

  ClusterGauges(MeterRegistry registry) {
    volumesByState = gauge(registry, "ebs.volumes", "Volumes by state (status.state)");
    syncPercent =
        gauge(registry, "ebs.volume.sync.percent", "Sync progress of a volume that is syncing");
    outdatedSeconds =
        gauge(
            registry,
            "ebs.volume.secondary.outdated.seconds",
            "How long a volume's standby replica has been outdated (missing writes)");
    degradedByPair =
        gauge(registry, "ebs.replication.pair.degraded.volumes", "Degraded volumes of a pair");
    nodeUp = gauge(registry, "ebs.storage.node.up", "1 when the node's daemon answers, else 0");
    vgSize = gauge(registry, "ebs.storage.node.vg.size.bytes", "Size of the node's volume group");
    vgFree = gauge(registry, "ebs.storage.node.vg.free.bytes", "Free space of the volume group");
    thinData = gauge(registry, "ebs.storage.node.thin.pool.data.percent", "Thin pool data in use");
    thinMetadata =
        gauge(registry, "ebs.storage.node.thin.pool.metadata.percent", "Thin pool metadata in use");
  }

  private static MultiGauge gauge(MeterRegistry registry, String name, String description) {
    return MultiGauge.builder(name).description(description).register(registry);
  }

  /** Sets every gauge from the view as it stands at {@code now}. */
  void refresh(ClusterView view, Instant now) {
    List<Volume> volumes = view.volumes().toList();
    Map<VolumeState, Integer> byState = new EnumMap<>(VolumeState.class);
    for (VolumeState state : VolumeState.values()) {
      byState.put(state, 0);
    }
    Map<String, Integer> degraded = new TreeMap<>();
    view.pairs().forEach(p -> degraded.put(p.getMetadata().getName(), 0));
    List<MultiGauge.Row<?>> sync = new ArrayList<>();
    List<MultiGauge.Row<?>> outdated = new ArrayList<>();
    for (Volume v : volumes) {
      VolumeStatus status = v.getStatus();
      if (status == null || status.getState() == null) {
        continue;
      }
      byState.merge(status.getState(), 1, Integer::sum);
      Tags tags = Tags.of("namespace", ns(v), "volume", v.getMetadata().getName());
      if (status.getState() == VolumeState.Syncing && status.getSyncPercent() != null) {
        sync.add(MultiGauge.Row.of(tags, status.getSyncPercent()));
      }
      if (status.getSecondaryOutdatedSince() != null) {
        outdated.add(
            MultiGauge.Row.of(tags, secondsSince(status.getSecondaryOutdatedSince(), now)));
      }
      if (status.getState() == VolumeState.Degraded && status.getPair() != null) {
        degraded.merge(status.getPair(), 1, Integer::sum);
      }
    }
    volumesByState.register(
        byState.entrySet().stream()
            .map(e -> MultiGauge.Row.of(Tags.of("state", e.getKey().name()), e.getValue()))
            .toList(),
        true);
    syncPercent.register(sync, true);
    outdatedSeconds.register(outdated, true);
    degradedByPair.register(
        degraded.entrySet().stream()
            .map(e -> MultiGauge.Row.of(Tags.of("pair", e.getKey()), e.getValue()))
            .toList(),
        true);
    List<StorageNode> nodes = view.nodes().toList();
    nodeUp.register(
        rows(nodes, n -> n.getStatus() != null && n.getStatus().getState() == NodeState.UP ? 1 : 0),
        true);
    vgSize.register(rows(nodes, n -> capacity(n, NodeCapacity::getVgSizeBytes)), true);
    vgFree.register(rows(nodes, n -> capacity(n, NodeCapacity::getVgFreeBytes)), true);
    thinData.register(rows(nodes, n -> capacity(n, NodeCapacity::getThinPoolDataPercent)), true);
    thinMetadata.register(
        rows(nodes, n -> capacity(n, NodeCapacity::getThinPoolMetadataPercent)), true);
  }

  private static List<MultiGauge.Row<?>> rows(
      List<StorageNode> nodes, Function<StorageNode, Number> value) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (StorageNode n : nodes) {
      Number v = value.apply(n);
      if (v != null) {
        rows.add(MultiGauge.Row.of(Tags.of("node", n.getMetadata().getName()), v));
      }
    }
    return rows;
  }

  private static Number capacity(StorageNode node, Function<NodeCapacity, Number> field) {
    NodeCapacity c = node.getStatus() == null ? null : node.getStatus().getCapacity();
    return c == null ? null : field.apply(c);
  }

  private static double secondsSince(String time, Instant now) {
    try {
      return Math.max(0, Duration.between(Instant.parse(time), now).toMillis() / 1000.0);
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  private static String ns(Volume v) {
    return v.getMetadata().getNamespace() == null ? "" : v.getMetadata().getNamespace();
  }
}

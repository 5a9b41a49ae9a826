package io.ovt.ebs.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every write to the EBS resources, seen through watches: an event counts when it carries a
 * resource version not seen before for that object (a watch may replay objects it already knew).
 */
final class ApiWrites implements AutoCloseable {
  /** One write: when it was seen, the kind and name. */
  record Write(Instant at, String kind, String name) {}

  private static final List<Class<? extends HasMetadata>> KINDS =
      List.of(
          Volume.class,
          VolumeExport.class,
          Snapshot.class,
          StorageNode.class,
          ReplicationPair.class,
          FailoverPolicy.class);

  private final Map<String, String> versions = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
  private final List<Watch> watches = new ArrayList<>();

  ApiWrites(KubernetesClient client) {
    for (Class<? extends HasMetadata> kind : KINDS) {
      watches.add(client.resources(kind).inAnyNamespace().watch(watcher(kind.getSimpleName())));
    }
  }

  /** The writes seen in [from, to]. */
  List<Write> between(Instant from, Instant to) {
    return writes.stream().filter(w -> !w.at().isBefore(from) && !w.at().isAfter(to)).toList();
  }

  /** Counts by kind, sorted. */
  static Map<String, Integer> byKind(List<Write> writes) {
    Map<String, Integer> counts = new TreeMap<>();
    writes.forEach(w -> counts.merge(w.kind(), 1, Integer::sum));
    return counts;
  }

  private <T extends HasMetadata> Watcher<T> watcher(String kind) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        String key =
            kind
                + "/"
                + resource.getMetadata().getNamespace()
                + "/"
                + resource.getMetadata().getName();
        String version = resource.getMetadata().getResourceVersion();
        String before =
            action == Action.DELETED ? versions.remove(key) : versions.put(key, version);
        if (action == Action.DELETED || !version.equals(before)) {
          writes.add(new Write(Instant.now(), kind, resource.getMetadata().getName()));
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        // The benchmark closes its watches; a watch closed earlier shows as writes not counted.
      }
    };
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
  }
}

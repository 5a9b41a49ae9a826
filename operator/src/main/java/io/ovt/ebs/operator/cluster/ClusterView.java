package io.ovt.ebs.operator.cluster;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Read-only lookups over the informer caches of the EBS kinds, so reconcilers never call the API
 * server to read.
 */
public final class ClusterView {
  private final Cache<StorageNode> nodes;
  private final Cache<ReplicationPair> pairs;
  private final Cache<FailoverPolicy> policies;
  private final Cache<Volume> volumes;
  private final Cache<VolumeExport> exports;
  private final Cache<Snapshot> snapshots;
  private final Cache<Secret> secrets;

  /** A view without VolumeExports; a cache a reconciler does not need may be null. */
  public ClusterView(
      Cache<StorageNode> nodes,
      Cache<ReplicationPair> pairs,
      Cache<FailoverPolicy> policies,
      Cache<Volume> volumes) {
    this(nodes, pairs, policies, volumes, null);
  }

  /** A view without Snapshots and Secrets; a cache a reconciler does not need may be null. */
  public ClusterView(
      Cache<StorageNode> nodes,
      Cache<ReplicationPair> pairs,
      Cache<FailoverPolicy> policies,
      Cache<Volume> volumes,
      Cache<VolumeExport> exports) {
    this(nodes, pairs, policies, volumes, exports, null, null);
  }

  /**
   * A view with Snapshots and Secrets (CHAP credentials of exports) too; a cache a reconciler does
   * not need may be null.
   */
  public ClusterView(
      Cache<StorageNode> nodes,
      Cache<ReplicationPair> pairs,
      Cache<FailoverPolicy> policies,
      Cache<Volume> volumes,
      Cache<VolumeExport> exports,
      Cache<Snapshot> snapshots,
      Cache<Secret> secrets) {
    this.snapshots = snapshots;
    this.nodes = nodes;
    this.pairs = pairs;
    this.policies = policies;
    this.volumes = volumes;
    this.exports = exports;
    this.secrets = secrets;
  }

  /** The Secret of that name in that namespace (CHAP credentials of exports). */
  public Optional<Secret> secret(String namespace, String name) {
    return name == null || secrets == null
        ? Optional.empty()
        : secrets.get(new ResourceID(name, namespace));
  }

  /** The Volume of that name in that namespace. */
  public Optional<Volume> volume(String namespace, String name) {
    return name == null ? Optional.empty() : volumes.get(new ResourceID(name, namespace));
  }

  /** The Snapshot of that name in that namespace. */
  public Optional<Snapshot> snapshot(String namespace, String name) {
    return name == null || snapshots == null
        ? Optional.empty()
        : snapshots.get(new ResourceID(name, namespace));
  }

  /** The VolumeExports of a volume, oldest first (the first one wins when not multi-attach). */
  public List<VolumeExport> exportsOf(String namespace, String volume) {
    return exports
        .list(
            e ->
                Objects.equals(namespace, e.getMetadata().getNamespace())
                    && e.getSpec() != null
                    && Objects.equals(volume, e.getSpec().getVolume()))
        .sorted(
            Comparator.comparing((VolumeExport e) -> e.getMetadata().getCreationTimestamp())
                .thenComparing(e -> e.getMetadata().getName()))
        .toList();
  }

  /** The StorageNode of that name. */
  public Optional<StorageNode> node(String name) {
    return name == null ? Optional.empty() : nodes.get(new ResourceID(name));
  }

  /** Every StorageNode. */
  public Stream<StorageNode> nodes() {
    return nodes.list();
  }

  /** The ReplicationPair of that name. */
  public Optional<ReplicationPair> pair(String name) {
    return name == null ? Optional.empty() : pairs.get(new ResourceID(name));
  }

  /** Every ReplicationPair. */
  public Stream<ReplicationPair> pairs() {
    return pairs.list();
  }

  /** The FailoverPolicy governing the pair, if any (the oldest, should there be several). */
  public Optional<FailoverPolicy> policyOf(String pair) {
    return policies
        .list(p -> p.getSpec() != null && Objects.equals(pair, p.getSpec().getPair()))
        .min(
            (a, b) ->
                a.getMetadata()
                    .getCreationTimestamp()
                    .compareTo(b.getMetadata().getCreationTimestamp()));
  }

  /** Every FailoverPolicy. */
  public Stream<FailoverPolicy> policies() {
    return policies.list();
  }

  /** Every Volume. */
  public Stream<Volume> volumes() {
    return volumes.list();
  }

  /**
   * The node that serves the pair: its policy's active backend when that names one of the pair's
   * nodes, else the pair's first node.
   */
  public String activeNodeOf(ReplicationPair pair) {
    var names = pair.getSpec().getNodes();
    Optional<String> active =
        policyOf(pair.getMetadata().getName())
            .map(p -> p.getSpec().getActiveBackend())
            .flatMap(
                backend ->
                    names.stream()
                        .filter(
                            n ->
                                node(n)
                                    .map(sn -> backend.equals(sn.getSpec().getBackendId()))
                                    .orElse(false))
                        .findFirst());
    return active.orElse(names.get(0));
  }
}

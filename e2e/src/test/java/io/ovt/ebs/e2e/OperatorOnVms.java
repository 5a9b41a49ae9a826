package io.ovt.ebs.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.common.EbsStatus;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.node.TargetHelper;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import io.ovt.ebs.nodeapi.NodeApi;
import io.ovt.ebs.nodeapi.NodeApiClient;
import io.ovt.ebs.operator.EbsOperator;
import io.ovt.ebs.operator.OperatorSettings;
import io.ovt.ebs.operator.node.NodeApiFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The real operator on the host, against the embedded Kubernetes API, driving real node daemons in
 * the storage VMs: what each real-storage test starts, and the waits they share.
 */
final class OperatorOnVms implements AutoCloseable {
  static final String NS = E2eResources.NS;
  static final Duration READY = Duration.ofMinutes(4);

  /** TCG guests run storage commands slowly: give node calls and reconciles room. */
  static final OperatorSettings SETTINGS =
      new OperatorSettings(
          Duration.ofSeconds(2),
          Duration.ofSeconds(90),
          Duration.ofSeconds(1),
          // drift checks of Ready volumes as in production: each is a PUT that observes the whole
          // host, seconds on a TCG guest, and every 10 s per volume kept the daemons saturated
          Duration.ofSeconds(30),
          Duration.ofSeconds(2),
          20.0,
          // a snapshot's steps take seconds each on TCG guests: the most the daemon allows
          Duration.ofSeconds(30));

  final VmCluster cluster;
  final KubernetesClient client;
  private final Map<String, NodeDaemonProcess> daemons = new ConcurrentHashMap<>();
  private final EmbeddedKubernetesApi api;
  private volatile EbsOperator operator;

  /**
   * Prepares every storage host (VG, thin pool, DRBD module, daemon; tgt where {@code tgtHost}
   * names it, LIO elsewhere), starts the operator and applies nodes, pair and policy.
   */
  OperatorOnVms(VmCluster cluster, String tgtHost) {
    this(cluster, tgtHost, E2eResources.policy("hci-0001@EBS"));
  }

  /** As above, with {@code policy} for the pair (automatic failover, for one). */
  OperatorOnVms(VmCluster cluster, String tgtHost, FailoverPolicy policy) {
    this.cluster = cluster;
    CompletableFuture.allOf(
            Topology.STORAGE_HOSTS.stream()
                .map(host -> CompletableFuture.runAsync(() -> prepare(host, tgtHost)))
                .toArray(CompletableFuture[]::new))
        .join();
    api = EmbeddedKubernetesApi.start(0);
    client = api.newClient();
    operator = EbsOperator.start(client, nodeApis(), SETTINGS, Optional.empty(), Clock.systemUTC());
    for (String host : Topology.STORAGE_HOSTS) {
      client
          .resource(
              E2eResources.storageNode(
                  host,
                  cluster.daemonPort(host),
                  host.equals(tgtHost) ? TargetHelper.TGTADM : TargetHelper.LIOADM))
          .create();
    }
    client.resource(E2eResources.pair()).create();
    client.resource(policy).create();
  }

  /** Writes a kubeconfig of the embedded API to {@code file}, for a client outside this JVM. */
  java.nio.file.Path writeKubeconfig(java.nio.file.Path file) {
    return api.writeKubeconfig(file);
  }

  Volume volume(String name) {
    return client.resources(Volume.class).inNamespace(NS).withName(name).get();
  }

  Snapshot snapshot(String name) {
    return client.resources(Snapshot.class).inNamespace(NS).withName(name).get();
  }

  VolumeExport export(String name) {
    return client.resources(VolumeExport.class).inNamespace(NS).withName(name).get();
  }

  Volume awaitVolumeReady(String name) {
    return awaitReady(Volume.class, name, Volume::getStatus);
  }

  Snapshot awaitSnapshotReady(String name) {
    return awaitReady(Snapshot.class, name, Snapshot::getStatus);
  }

  /** Waits until the export is Ready on the node. */
  VolumeExport awaitExportOn(String name, String node) {
    return awaitUntil(
        "export " + name + " on " + node,
        () -> export(name),
        e ->
            e.getStatus() != null
                && node.equals(e.getStatus().getNode())
                && Conditions.isTrue(e.getStatus(), ConditionType.Ready));
  }

  /** Waits until the resource's Ready condition has the reason. */
  <R extends HasMetadata> R awaitReason(
      Class<R> kind, String name, Function<R, EbsStatus> status, String reason) {
    return awaitUntil(
        kind.getSimpleName() + " " + name + " " + reason,
        () -> client.resources(kind).inNamespace(NS).withName(name).get(),
        r ->
            status.apply(r) != null
                && Conditions.find(status.apply(r), ConditionType.Ready)
                    .map(c -> reason.equals(c.getReason()))
                    .orElse(false));
  }

  /** Waits for a condition on a resource, printing what everyone saw when it does not come. */
  <R> R awaitUntil(String what, java.util.function.Supplier<R> get, Predicate<R> done) {
    try {
      await(what)
          .atMost(READY)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                R r = get.get();
                return r != null && done.test(r);
              });
    } catch (RuntimeException e) {
      explain();
      // The CI log keeps only the failure line: it says what the resource showed last.
      throw new AssertionError(
          what + " not reached in " + READY + "; last seen: " + lastSeen(get), e);
    }
    return get.get();
  }

  private static <R> String lastSeen(java.util.function.Supplier<R> get) {
    try {
      R r = get.get();
      if (r instanceof HasMetadata resource) {
        Object status = resource.getClass().getMethod("getStatus").invoke(resource);
        if (status instanceof EbsStatus ebs) {
          return Conditions.find(ebs, ConditionType.Ready)
              .map(c -> "Ready=" + c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
              .orElse("no Ready condition");
        }
        return "no status";
      }
      return String.valueOf(r);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "unreadable (" + e + ")";
    }
  }

  /** Prints what the operator and the daemons saw, for a failure's reader. */
  void explain() {
    for (Class<? extends HasMetadata> kind :
        List.of(Volume.class, Snapshot.class, VolumeExport.class)) {
      System.out.println(
          "--- "
              + kind.getSimpleName()
              + "s\n"
              + Serialization.asYaml(client.resources(kind).inNamespace(NS).list()));
    }
    System.out.println(Serialization.asYaml(client.resources(StorageNode.class).list()));
    daemons.forEach(
        (host, daemon) ->
            System.out.println("--- daemon log of " + host + "\n" + daemon.logText()));
  }

  /** Every daemon's log so far (to check what never reaches a log). */
  String daemonLogs() {
    StringBuilder all = new StringBuilder();
    daemons.values().forEach(daemon -> all.append(daemon.logText()));
    return all.toString();
  }

  /** The line of /proc/drbd for a minor. */
  static String procDrbdLine(Vm vm, int minor) {
    return vm.readString("/proc/drbd")
        .lines()
        .filter(l -> l.strip().startsWith(minor + ":"))
        .findFirst()
        .orElse("(minor " + minor + " not in /proc/drbd)");
  }

  /**
   * Stops the operator and leaves the daemons alone: no more heartbeats, lease renewals or drift
   * checks, each of which runs storage commands on a TCG guest (a benchmark's quiet hosts). Only
   * with a manual policy, since nothing watches the nodes afterwards. {@link #close} stops the
   * rest.
   */
  void stopOperator() {
    operator.close();
    operator = null;
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    client.close();
    api.close();
  }

  private <R extends HasMetadata> R awaitReady(
      Class<R> kind, String name, Function<R, EbsStatus> status) {
    return awaitUntil(
        kind.getSimpleName() + " " + name + " Ready",
        () -> client.resources(kind).inNamespace(NS).withName(name).get(),
        r -> status.apply(r) != null && Conditions.isTrue(status.apply(r), ConditionType.Ready));
  }

  /** A storage host as an install makes it: VG and thin pool, the drbd module, the daemon. */
  private void prepare(String host, String tgtHost) {
    StorageHostSetup setup = new StorageHostSetup(cluster, host);
    setup.createVolumeGroup(400);
    String config =
        host.equals(tgtHost) ? setup.daemonConfigWithTgt("real") : setup.daemonConfig("real");
    daemons.put(
        host + "@EBS", setup.serve(config, StorageHostSetup.newToken(), Duration.ofMinutes(2)));
  }

  /**
   * Power-cycles storage host {@code host} on its own disks ({@link VmCluster#restart}; SIGKILL
   * first if it still runs) and brings it back to serving with the daemon's configuration and token
   * of before, so the operator reaches it again as the same node. DRBD resources and exports come
   * back only when the operator PUTs them.
   */
  NodeDaemonProcess restartStorageHost(String host) {
    NodeDaemonProcess before = daemon(host);
    cluster.restart(host);
    NodeDaemonProcess after =
        new StorageHostSetup(cluster, host).resume(before, Duration.ofMinutes(2));
    daemons.put(host + "@EBS", after);
    return after;
  }

  /**
   * Stops the operator and starts a new one on the same API server, as a crashed operator pod is
   * replaced: the new one knows only what the resources' status says. In-process, so a stop (its
   * reconciles are abandoned where they stand), not a SIGKILL of a separate process.
   */
  void restartOperator() {
    operator.close();
    operator = EbsOperator.start(client, nodeApis(), SETTINGS, Optional.empty(), Clock.systemUTC());
  }

  /** The node daemon running in storage host {@code host}. */
  NodeDaemonProcess daemon(String host) {
    NodeDaemonProcess daemon = daemons.get(host + "@EBS");
    if (daemon == null) {
      throw new IllegalArgumentException("no daemon on " + host);
    }
    return daemon;
  }

  /**
   * Each daemon has its own token here; the operator's factory picks the node's, and gives lease
   * renewals their short timeout as the production factory does (a NIC down in a guest leaves the
   * forwarded port accepting and the call hanging).
   */
  private NodeApiFactory nodeApis() {
    HttpClient http = NodeApiClient.newHttpClient(Duration.ofSeconds(10));
    // The long-timeout clients are kept, as the production factory keeps them, so that a node
    // found cut off can have its calls in flight abandoned.
    Map<String, NodeApiClient> storageCalls = new ConcurrentHashMap<>();
    return new NodeApiFactory() {
      @Override
      public NodeApi forNode(StorageNode node) {
        return storageCalls.computeIfAbsent(
            key(node), k -> client(node, SETTINGS.nodeCallTimeout()));
      }

      @Override
      public NodeApi forNode(StorageNode node, Duration timeout) {
        return timeout.compareTo(SETTINGS.nodeCallTimeout()) >= 0
            ? forNode(node)
            : client(node, timeout);
      }

      @Override
      public void abandonCalls(StorageNode node, String why) {
        NodeApiClient calls = storageCalls.get(key(node));
        if (calls != null) {
          calls.abandonCalls(why);
        }
      }

      private String key(StorageNode node) {
        return node.getSpec().getBackendId() + " " + node.getSpec().getPort();
      }

      private NodeApiClient client(StorageNode node, Duration timeout) {
        String backendId = node.getSpec().getBackendId();
        // The token of the daemon running now: a restarted host has a new process (same token).
        return new NodeApiClient(
            URI.create("http://127.0.0.1:" + node.getSpec().getPort()),
            () -> daemons.get(backendId).token(),
            timeout,
            http);
      }
    };
  }
}

package io.ovt.ebs.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.node.StorageNodeSpec;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverPolicySpec;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.replication.ReplicationPairSpec;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeSpec;
import io.ovt.ebs.daemon.SimulatedDaemons;
import io.ovt.ebs.daemon.sim.ManualClock;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.daemon.sim.SimulatedNetwork;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import io.ovt.ebs.operator.EbsOperator;
import io.ovt.ebs.operator.LeaderElection;
import io.ovt.ebs.operator.OperatorSettings;
import io.ovt.ebs.operator.metrics.OperatorMetrics;
import io.ovt.ebs.operator.node.HttpNodeApiFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The embedded Kubernetes API, the operator, and two node daemons (hci-0001@EBS, hci-0002@EBS) on
 * simulated hosts whose resyncs run on a manual clock, so tests decide when a sync progresses.
 */
public final class TestCluster implements AutoCloseable {
  public static final long GIB = 1L << 30;
  public static final String TOKEN = "test-node-token-0123456789";
  public static final String NS = "default";

  /** Short intervals: tests wait on conditions, never on fixed times. */
  public static final OperatorSettings FAST =
      new OperatorSettings(
          Duration.ofMillis(300),
          Duration.ofSeconds(3),
          Duration.ofMillis(100),
          Duration.ofSeconds(2),
          Duration.ofMillis(300),
          20.0,
          Duration.ofSeconds(10));

  public final ManualClock syncClock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  public final EmbeddedKubernetesApi api;
  public final KubernetesClient client;

  /** The operator's own client: its calls are logged apart from the tests' (see RBAC below). */
  public final KubernetesClient operatorClient;

  public final SimulatedDaemons daemons;
  private PrometheusMeterRegistry metricsRegistry;
  private EbsOperator operator;
  private OperatorSettings settings = FAST;

  private TestCluster(long vgBytes) {
    api = EmbeddedKubernetesApi.start(0);
    client = api.newClient();
    operatorClient = api.newClient(OperatorAccess.USER_AGENT);
    daemons =
        SimulatedDaemons.start(
            List.of(
                new SimulatedDaemons.HostSpec(
                    "hci-0001@EBS",
                    "hci-0001",
                    "10.0.10.21",
                    vgBytes,
                    "pool",
                    vgBytes / 2,
                    "127.0.0.1",
                    0),
                new SimulatedDaemons.HostSpec(
                    "hci-0002@EBS",
                    "hci-0002",
                    "10.0.10.22",
                    vgBytes,
                    "pool",
                    vgBytes / 2,
                    "127.0.0.1",
                    0)),
            new SimulatedNetwork(syncClock),
            () -> TOKEN,
            Clock.systemUTC());
  }

  /** A cluster with 100 GiB volume groups (half of each a thin pool) and the operator running. */
  public static TestCluster start() {
    return start(100 * GIB);
  }

  /** A cluster with volume groups of the given size and the operator running. */
  public static TestCluster start(long vgBytes) {
    TestCluster cluster = new TestCluster(vgBytes);
    cluster.startOperator();
    return cluster;
  }

  /** A cluster with 100 GiB volume groups and an operator running with these settings. */
  public static TestCluster start(OperatorSettings settings) {
    TestCluster cluster = new TestCluster(100 * GIB);
    cluster.settings = settings;
    cluster.startOperator();
    return cluster;
  }

  /** Starts an operator (again). */
  public void startOperator() {
    operator = newOperator(Optional.empty());
  }

  /** Starts one more operator replica, e.g. with leader election; the caller stops it. */
  public EbsOperator newOperator(Optional<LeaderElection> election) {
    // A registry per operator, as in a process of its own.
    metricsRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return EbsOperator.start(
        operatorClient,
        new HttpNodeApiFactory(() -> TOKEN, settings.nodeCallTimeout()),
        settings,
        election,
        Clock.systemUTC(),
        new OperatorMetrics(metricsRegistry, Clock.systemUTC()));
  }

  /** The Prometheus registry of the operator started last. */
  public PrometheusMeterRegistry metricsRegistry() {
    return metricsRegistry;
  }

  /** The metrics of the operator started by {@link #startOperator()}. */
  public OperatorMetrics operatorMetrics() {
    return operator.metrics();
  }

  /** A cluster without an operator, for tests that run their own replicas. */
  public static TestCluster withoutOperator() {
    return new TestCluster(100 * GIB);
  }

  /** Stops the operator, as a crash would between two reconciles. */
  public void stopOperator() {
    operator.close();
  }

  public SimulatedHost host(String backendId) {
    return daemons.host(backendId);
  }

  /** Applies both StorageNodes, a full-sync pair of them, and a policy making hci-0001 active. */
  public void applyPair() {
    node("hci-0001", "hci-0001@EBS", "10.0.10.21");
    node("hci-0002", "hci-0002@EBS", "10.0.10.22");
    pair("pair-a", "hci-0001", "hci-0002");
    FailoverPolicy policy = new FailoverPolicy();
    policy.getMetadata().setName("pair-a");
    FailoverPolicySpec spec = new FailoverPolicySpec();
    spec.setPair("pair-a");
    spec.setActiveBackend("hci-0001@EBS");
    policy.setSpec(spec);
    client.resource(policy).create();
    awaitNodeReady("hci-0001");
    awaitNodeReady("hci-0002");
  }

  public StorageNode node(String name, String backendId, String replicationAddress) {
    StorageNode node = new StorageNode();
    node.getMetadata().setName(name);
    StorageNodeSpec spec = new StorageNodeSpec();
    spec.setBackendId(backendId);
    spec.setAddress("127.0.0.1");
    spec.setPort(daemons.port(backendId));
    spec.setVolumeGroup("volumes");
    spec.setThinPool("pool");
    spec.setTargetPortals(List.of(replicationAddress.replace("10.0.10.", "10.0.251.") + ":3260"));

    spec.setReplicationAddress(replicationAddress);
    node.setSpec(spec);
    return client.resource(node).create();
  }

  public ReplicationPair pair(String name, String first, String second) {
    ReplicationPair pair = new ReplicationPair();
    pair.getMetadata().setName(name);
    ReplicationPairSpec spec = new ReplicationPairSpec();
    spec.setNodes(List.of(first, second));
    pair.setSpec(spec);
    return client.resource(pair).create();
  }

  /** Creates a replicated volume on pair-a. */
  public Volume volume(String name, String size, Provisioning provisioning) {
    Volume volume = new Volume();
    volume.getMetadata().setName(name);
    volume.getMetadata().setNamespace(NS);
    VolumeSpec spec = new VolumeSpec();
    spec.setSize(size);
    spec.setProvisioning(provisioning);
    volume.setSpec(spec);
    return client.resource(volume).create();
  }

  /** Sets the volume's spec.size, retrying a write that races the operator's. */
  public void resize(String name, String size) {
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .until(
            () ->
                client
                        .resources(Volume.class)
                        .inNamespace(NS)
                        .withName(name)
                        .edit(
                            v -> {
                              v.getSpec().setSize(size);
                              return v;
                            })
                    != null);
  }

  /** Waits until the volume is Ready at {@code bytes} or more, advancing simulated resyncs. */
  public Volume awaitSize(String name, long bytes) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              syncClock.advance(Duration.ofSeconds(20));
              Volume v = get(name);
              return v.getStatus().getSizeBytes() != null
                  && v.getStatus().getSizeBytes() >= bytes
                  && Conditions.isTrue(v.getStatus(), ConditionType.Ready);
            });
    return get(name);
  }

  public Volume get(String volume) {
    return client.resources(Volume.class).inNamespace(NS).withName(volume).get();
  }

  public void awaitNodeReady(String name) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              StorageNode n = client.resources(StorageNode.class).withName(name).get();
              return n.getStatus() != null && Conditions.isTrue(n.getStatus(), ConditionType.Ready);
            });
  }

  /** Waits until the volume's Ready condition is True, advancing simulated resyncs meanwhile. */
  public Volume awaitReady(String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              syncClock.advance(Duration.ofSeconds(1));
              Volume v = get(name);
              return v != null
                  && v.getStatus() != null
                  && Conditions.isTrue(v.getStatus(), ConditionType.Ready);
            });
    return get(name);
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    daemons.close();
    OperatorAccess.record(api.accessesBy(OperatorAccess.USER_AGENT));
    operatorClient.close();
    client.close();
    api.close();
  }
}

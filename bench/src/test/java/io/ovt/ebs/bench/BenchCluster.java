package io.ovt.ebs.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import io.ovt.ebs.operator.OperatorSettings;
import io.ovt.ebs.operator.node.HttpNodeApiFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The operator's test cluster at benchmark size: the embedded API, the operator and two simulated
 * hosts (hci-0001 active, hci-0002 standby) in one pair, with every daemon call and API write
 * recorded. Like the operator's TestCluster, but with volume groups sized to the run and the
 * operator's node API wrapped, which that class does not allow.
 */
final class BenchCluster implements AutoCloseable {
  static final String NS = "default";
  static final String ACTIVE = "hci-0001@EBS";
  static final String STANDBY = "hci-0002@EBS";
  private static final String TOKEN = "bench-node-token-0123456789";
  private static final long GIB = 1L << 30;

  final ManualClock syncClock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final EmbeddedKubernetesApi api;
  final KubernetesClient client;
  final SimulatedDaemons daemons;
  final NodeCalls calls;
  final ApiWrites writes;
  private final KubernetesClient operatorClient;
  private final OperatorSettings settings;
  private EbsOperator operator;

  /** Room for {@code volumes} thin 1 GiB volumes on each host, within the 20x overcommit. */
  BenchCluster(int volumes, OperatorSettings settings) {
    this.settings = settings;
    long vg = Math.max(100, volumes / 5) * GIB;
    api = EmbeddedKubernetesApi.start(0);
    client = api.newClient();
    operatorClient = api.newClient("ebs-operator");
    writes = new ApiWrites(client);
    daemons =
        SimulatedDaemons.start(
            List.of(
                new SimulatedDaemons.HostSpec(
                    ACTIVE, "hci-0001", "10.0.10.21", vg, "pool", vg / 2, "127.0.0.1", 0),
                new SimulatedDaemons.HostSpec(
                    STANDBY, "hci-0002", "10.0.10.22", vg, "pool", vg / 2, "127.0.0.1", 0)),
            new SimulatedNetwork(syncClock),
            () -> TOKEN,
            Clock.systemUTC());
    calls = new NodeCalls(new HttpNodeApiFactory(() -> TOKEN, settings.nodeCallTimeout()));
  }

  /** Starts an operator (again). */
  void startOperator() {
    operator =
        EbsOperator.start(operatorClient, calls, settings, Optional.empty(), Clock.systemUTC());
  }

  /** Stops the operator, as a crash between two reconciles would. */
  void stopOperator() {
    operator.close();
    operator = null;
  }

  SimulatedHost host(String backendId) {
    return daemons.host(backendId);
  }

  /** Both StorageNodes, their pair and a (manual) policy making hci-0001 active. */
  void applyPair() {
    node("hci-0001", ACTIVE, "10.0.10.21");
    node("hci-0002", STANDBY, "10.0.10.22");
    ReplicationPair pair = new ReplicationPair();
    pair.getMetadata().setName("pair-a");
    ReplicationPairSpec pairSpec = new ReplicationPairSpec();
    pairSpec.setNodes(List.of("hci-0001", "hci-0002"));
    pair.setSpec(pairSpec);
    client.resource(pair).create();
    FailoverPolicy policy = new FailoverPolicy();
    policy.getMetadata().setName("pair-a");
    FailoverPolicySpec spec = new FailoverPolicySpec();
    spec.setPair("pair-a");
    spec.setActiveBackend(ACTIVE);
    policy.setSpec(spec);
    client.resource(policy).create();
    awaitNodeReady("hci-0001");
    awaitNodeReady("hci-0002");
  }

  /**
   * Turns automatic failover on with the operator tests' short terms (PolicyEdits.automaticFast:
   * heartbeats every second, 2 s lease, failover after 3 s of silence).
   */
  void automaticFast() {
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .until(
            () ->
                client
                        .resources(FailoverPolicy.class)
                        .withName("pair-a")
                        .edit(
                            p -> {
                              p.getSpec().setAutomatic(true);
                              p.getSpec().setHeartbeatIntervalSeconds(1);
                              p.getSpec().setFencingLeaseSeconds(2);
                              p.getSpec().setFailureThresholdSeconds(3);
                              return p;
                            })
                    != null);
  }

  /** A thin 1 GiB volume, replicated on the pair (the only one, so placement picks it). */
  Volume volume(String name) {
    Volume volume = new Volume();
    volume.getMetadata().setName(name);
    volume.getMetadata().setNamespace(NS);
    VolumeSpec spec = new VolumeSpec();
    spec.setSize("1Gi");
    spec.setProvisioning(Provisioning.THIN);
    volume.setSpec(spec);
    return client.resource(volume).create();
  }

  List<Volume> volumes() {
    return client.resources(Volume.class).inNamespace(NS).list().getItems();
  }

  FailoverPolicy policy() {
    return client.resources(FailoverPolicy.class).withName("pair-a").get();
  }

  static boolean ready(Volume v) {
    return v.getStatus() != null && Conditions.isTrue(v.getStatus(), ConditionType.Ready);
  }

  private void node(String name, String backendId, String replicationAddress) {
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
    client.resource(node).create();
  }

  private void awaitNodeReady(String name) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              StorageNode n = client.resources(StorageNode.class).withName(name).get();
              return n.getStatus() != null && Conditions.isTrue(n.getStatus(), ConditionType.Ready);
            });
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    daemons.close();
    writes.close();
    operatorClient.close();
    client.close();
    api.close();
  }
}

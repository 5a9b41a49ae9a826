package io.ovt.ebs.cindersync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.cindersync.client.CinderClient;
import io.ovt.ebs.cindersync.client.Service;
import io.ovt.ebs.cindersync.kube.ServiceMirror;
import io.ovt.ebs.cindersync.mirror.ServiceStateSync;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.node.StorageNodeSpec;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverPolicySpec;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.replication.ReplicationPairSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service state both ways with Debian's real Cinder: {@code cinder failover-host}, {@code
 * freeze-host} and {@code thaw-host} move the FailoverPolicy, an operator-side failover shows in
 * Cinder's service list, and nothing is sent back.
 */
class RealCinderServiceStateTest {
  @TempDir static Path state;
  private static CinderAndKube env;
  private static RealCinder cinder;
  private static KubernetesClient kube;

  @BeforeAll
  static void start() throws Exception {
    env = CinderAndKube.start(state);
    cinder = env.cinder;
    kube = env.kube;
    node("hci-0001", "hci-0001@EBS", "10.0.10.21");
    node("hci-0002", "hci-0002@EBS", "10.0.10.22");
    ReplicationPair pair = new ReplicationPair();
    pair.getMetadata().setName("pair-a");
    ReplicationPairSpec pairSpec = new ReplicationPairSpec();
    pairSpec.setNodes(List.of("hci-0001", "hci-0002"));
    pair.setSpec(pairSpec);
    kube.resource(pair).create();
    FailoverPolicy policy = new FailoverPolicy();
    policy.getMetadata().setName("pair-a");
    FailoverPolicySpec spec = new FailoverPolicySpec();
    spec.setPair("pair-a");
    spec.setActiveBackend("hci-0001@EBS");
    policy.setSpec(spec);
    kube.resource(policy).create();
  }

  private static void node(String name, String backend, String address) {
    StorageNode n = new StorageNode();
    n.getMetadata().setName(name);
    StorageNodeSpec spec = new StorageNodeSpec();
    spec.setBackendId(backend);
    spec.setAddress(address);
    n.setSpec(spec);
    kube.resource(n).create();
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
  }

  private static FailoverPolicy policy() {
    return kube.resources(FailoverPolicy.class).withName("pair-a").get();
  }

  private static Service volumeService(CinderClient client) throws Exception {
    return client.services().stream()
        .filter(s -> s.binary().equals("cinder-volume") && s.host().equals(RealCinder.VOLUME_HOST))
        .findFirst()
        .orElseThrow();
  }

  private static void awaitService(CinderClient client, Predicate<Service> condition) {
    await().atMost(Duration.ofSeconds(60)).until(() -> condition.test(volumeService(client)));
  }

  @Test
  void cindersCommandsMoveThePolicyAndTheOperatorsFailoverReachesCinder() throws Exception {
    CinderClient client = cinder.client(100);
    ServiceMirror mirror = new ServiceMirror(env.sync, client);
    // Both start on hci-0001, thawed: recorded as agreed.
    assertThat(mirror.pass())
        .containsExactly(
            new ServiceStateSync.Record(new ServiceStateSync.State("hci-0001@EBS", false)));
    assertThat(mirror.pass()).containsExactly(new ServiceStateSync.InStep());

    cinder.cinder("failover-host", RealCinder.VOLUME_HOST, "--backend_id", RealCinder.SECONDARY);
    awaitService(client, s -> RealCinder.SECONDARY.equals(s.activeBackendId()));
    mirror.pass();
    assertThat(policy().getSpec().getActiveBackend()).isEqualTo(RealCinder.SECONDARY);
    assertThat(policy().getSpec().getFrozen()).isFalse();

    cinder.cinder("freeze-host", RealCinder.VOLUME_HOST);
    awaitService(client, Service::isFrozen);
    mirror.pass();
    assertThat(policy().getSpec().getFrozen()).isTrue();
    assertThat(mirror.pass()).containsExactly(new ServiceStateSync.InStep());

    cinder.cinder("thaw-host", RealCinder.VOLUME_HOST);
    awaitService(client, s -> !s.isFrozen());
    mirror.pass();
    assertThat(policy().getSpec().getFrozen()).isFalse();

    // The operator switches back to hci-0001 and freezes the pair, as after an automatic failover.
    kube.resources(FailoverPolicy.class)
        .withName("pair-a")
        .edit(
            p -> {
              p.getSpec().setActiveBackend("hci-0001@EBS");
              p.getSpec().setFrozen(true);
              return p;
            });
    mirror.pass();
    awaitService(
        client,
        s ->
            RealCinder.VOLUME_HOST.equals(
                    ServiceStateSync.activeBackend(s.activeBackendId(), s.host()))
                && s.isFrozen());
    String list = cinder.openstack("volume", "service", "list", "--long", "-f", "value");
    assertThat(list).contains("cinder-volume").contains(RealCinder.VOLUME_HOST);
    // Cinder now agrees: recorded, and the policy is left as the operator set it.
    mirror.pass();
    assertThat(mirror.pass()).containsExactly(new ServiceStateSync.InStep());
    assertThat(policy().getSpec().getActiveBackend()).isEqualTo("hci-0001@EBS");
    assertThat(policy().getSpec().getFrozen()).isTrue();

    // An automatic failover by the operator, with a replicated volume in Cinder: the service
    // shows failed-over in the seed's table, and the volume's replication_status follows.
    cinder.openstack(
        "volume",
        "type",
        "create",
        "ebs",
        "--property",
        "volume_backend_name=ebs",
        "--property",
        "replication_enabled=<is> True");
    kube.resources(FailoverPolicy.class)
        .withName("pair-a")
        .edit(
            p -> {
              p.getSpec().setFrozen(false);
              return p;
            });
    mirror.pass();
    awaitService(client, s -> !s.isFrozen());
    String id =
        cinder
            .openstack(
                "volume", "create", "--type", "ebs", "--size", "1", "-f", "value", "-c", "id", "v")
            .trim();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client.volumes(null).stream()
                    .anyMatch(v -> v.id().equals(id) && "available".equals(v.status())));
    kube.resources(FailoverPolicy.class)
        .withName("pair-a")
        .edit(
            p -> {
              p.getSpec().setActiveBackend(RealCinder.SECONDARY);
              return p;
            });
    mirror.pass();
    awaitService(client, s -> RealCinder.SECONDARY.equals(s.activeBackendId()));
    String table = cinder.openstack("volume", "service", "list", "--long", "-f", "value");
    assertThat(table.lines().filter(l -> l.startsWith("cinder-volume " + RealCinder.VOLUME_HOST)))
        .singleElement()
        .satisfies(line -> assertThat(line).contains("disabled").endsWith("failed-over"));
    assertThat(
            cinder
                .openstack("volume", "show", id, "-f", "value", "-c", "replication_status")
                .trim())
        .isEqualTo("failed-over");
  }
}

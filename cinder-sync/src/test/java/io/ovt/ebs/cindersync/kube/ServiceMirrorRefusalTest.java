package io.ovt.ebs.cindersync.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.cindersync.SyncAccess;
import io.ovt.ebs.cindersync.client.CinderClient;
import io.ovt.ebs.cindersync.client.NoAuth;
import io.ovt.ebs.cindersync.client.RetryPolicy;
import io.ovt.ebs.cindersync.mirror.ServiceStateSync;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.node.StorageNodeSpec;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverPolicySpec;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.replication.ReplicationPairSpec;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service state Cinder refuses with a 4xx: kept on the policy with Cinder's answer, and not sent
 * again until the policy moves. A local HTTP server plays Cinder so that its requests can be
 * counted (the real Cinder takes a bad failover target with 202 and fails it in the driver).
 */
class ServiceMirrorRefusalTest {
  private static final String SERVICES =
      "{\"services\": [{\"binary\": \"cinder-volume\", \"host\": \"hci-0001@EBS\","
          + " \"zone\": \"nova\", \"status\": \"enabled\", \"state\": \"up\","
          + " \"replication_status\": \"enabled\", \"active_backend_id\": null,"
          + " \"frozen\": false}]}";
  private static final String REFUSAL =
      "{\"badRequest\": {\"code\": 400, \"message\": \"Invalid input received: Host replication"
          + " state is not one that allows a failover.\"}}";

  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile String services = SERVICES;
  private HttpServer cinder;
  private EmbeddedKubernetesApi api;
  private KubernetesClient kube;
  private KubernetesClient sync;

  @BeforeEach
  void start() throws Exception {
    cinder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    cinder.createContext(
        "/v3/abc123/os-services",
        exchange -> {
          requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
          boolean list = "GET".equals(exchange.getRequestMethod());
          byte[] body = (list ? services : REFUSAL).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(list ? 200 : 400, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    cinder.start();
    api = EmbeddedKubernetesApi.start(0);
    kube = api.newClient();
    sync = api.newClient(SyncAccess.USER_AGENT);
    node("hci-0001", "hci-0001@EBS");
    node("hci-0002", "hci-0002@EBS");
    ReplicationPair pair = new ReplicationPair();
    pair.getMetadata().setName("pair-a");
    ReplicationPairSpec pairSpec = new ReplicationPairSpec();
    pairSpec.setNodes(List.of("hci-0001", "hci-0002"));
    pair.setSpec(pairSpec);
    kube.resource(pair).create();
    // The operator failed the pair over to hci-0002 since both last agreed on hci-0001.
    FailoverPolicy policy = new FailoverPolicy();
    policy.getMetadata().setName("pair-a");
    policy.getMetadata().setAnnotations(Map.of(ServiceMirror.AGREED, "hci-0001@EBS thawed"));
    FailoverPolicySpec spec = new FailoverPolicySpec();
    spec.setPair("pair-a");
    spec.setActiveBackend("hci-0002@EBS");
    policy.setSpec(spec);
    kube.resource(policy).create();
  }

  @AfterEach
  void stop() {
    SyncAccess.record(api);
    sync.close();
    kube.close();
    api.close();
    cinder.stop(0);
  }

  private void node(String name, String backend) {
    StorageNode n = new StorageNode();
    n.getMetadata().setName(name);
    StorageNodeSpec spec = new StorageNodeSpec();
    spec.setBackendId(backend);
    spec.setAddress("10.0.10." + (20 + Integer.parseInt(name.substring(name.length() - 1))));
    n.setSpec(spec);
    kube.resource(n).create();
  }

  private FailoverPolicy policy() {
    return kube.resources(FailoverPolicy.class).withName("pair-a").get();
  }

  private long failovers() {
    return requests.stream().filter(r -> r.endsWith("/os-services/failover_host")).count();
  }

  private CinderClient client() {
    return new CinderClient(
        HttpClient.newHttpClient(),
        new NoAuth(URI.create("http://127.0.0.1:" + cinder.getAddress().getPort()), "abc123"),
        new RetryPolicy(3, Duration.ZERO, Duration.ZERO, d -> {}),
        Duration.ofSeconds(10),
        CinderClient.DEFAULT_MICROVERSION,
        100);
  }

  @Test
  void aServiceFailingOverIsLeftAloneUntilCinderRecordsTheOutcome() throws Exception {
    // failover_host is running: the EBS driver may be moving the policy right now
    services =
        SERVICES.replace(
            "\"replication_status\": \"enabled\"", "\"replication_status\": \"failing-over\"");
    ServiceMirror mirror = new ServiceMirror(sync, client());
    assertThat(mirror.pass()).isEmpty();
    assertThat(failovers()).isZero();
    assertThat(policy().getMetadata().getAnnotations())
        .doesNotContainKey(ServiceMirror.REFUSED)
        .containsEntry(ServiceMirror.AGREED, "hci-0001@EBS thawed");

    services = SERVICES;
    assertThat(mirror.pass()).singleElement().isInstanceOf(ServiceStateSync.ToCinder.class);
  }

  @Test
  void aRefusedStateIsKeptWithCindersAnswerAndNotSentAgainUntilThePolicyMoves() throws Exception {
    CinderClient client =
        new CinderClient(
            HttpClient.newHttpClient(),
            new NoAuth(URI.create("http://127.0.0.1:" + cinder.getAddress().getPort()), "abc123"),
            new RetryPolicy(3, Duration.ZERO, Duration.ZERO, d -> {}),
            Duration.ofSeconds(10),
            CinderClient.DEFAULT_MICROVERSION,
            100);
    ServiceMirror mirror = new ServiceMirror(sync, client);

    assertThat(mirror.pass()).singleElement().isInstanceOf(ServiceStateSync.ToCinder.class);
    assertThat(failovers()).as("a 4xx is not retried").isEqualTo(1);
    String refused = policy().getMetadata().getAnnotations().get(ServiceMirror.REFUSED);
    assertThat(refused)
        .startsWith("hci-0002@EBS thawed: ")
        .contains("400", "Host replication state is not one that allows a failover");

    mirror.pass();
    mirror.pass();
    assertThat(failovers()).as("nor asked again on the next passes").isEqualTo(1);
    assertThat(policy().getSpec().getActiveBackend())
        .as("the policy stays: it says where the volumes are served")
        .isEqualTo("hci-0002@EBS");

    // The policy moves (frozen now): a new state, so Cinder is asked once more.
    kube.resources(FailoverPolicy.class)
        .withName("pair-a")
        .edit(
            p -> {
              p.getSpec().setFrozen(true);
              return p;
            });
    mirror.pass();
    assertThat(failovers()).isEqualTo(2);
    assertThat(policy().getMetadata().getAnnotations().get(ServiceMirror.REFUSED))
        .startsWith("hci-0002@EBS frozen: ");
  }
}

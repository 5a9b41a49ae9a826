package io.ovt.ebs.cindersync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.cindersync.client.CinderApiException;
import io.ovt.ebs.cindersync.client.CinderAuth;
import io.ovt.ebs.cindersync.client.CinderClient;
import io.ovt.ebs.cindersync.client.KeystonePasswordAuth;
import io.ovt.ebs.cindersync.client.RetryPolicy;
import io.ovt.ebs.cindersync.client.Volume;
import io.ovt.ebs.cindersync.client.VolumeType;
import io.ovt.ebs.cindersync.kube.MirrorPass;
import io.ovt.ebs.cindersync.kube.VolumeMirror;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cinder-sync's client against Debian's real Cinder with {@code auth_strategy = keystone} and a
 * real Keystone: password login, the Cinder endpoint from the catalog, refused passwords and
 * revoked tokens.
 */
class RealKeystoneCinderTest {
  @TempDir static Path state;
  private static RealKeystone keystone;
  private static RealCinder cinder;
  private static EmbeddedKubernetesApi api;
  private static KubernetesClient kube;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    keystone = RealKeystone.start(state.resolve("keystone"));
    cinder = RealCinder.start(state.resolve("cinder"), keystone);
    api = EmbeddedKubernetesApi.start(0);
    kube = api.newClient();
  }

  @AfterAll
  static void stop() {
    if (kube != null) {
      kube.close();
    }
    if (api != null) {
      api.close();
    }
    if (cinder != null) {
      cinder.close();
    }
    if (keystone != null) {
      keystone.close();
    }
  }

  /** A real KeystonePasswordAuth, counting how often the client asks it for a session. */
  private static final class CountingAuth implements CinderAuth {
    final KeystonePasswordAuth real;
    final AtomicInteger sessions = new AtomicInteger();
    final AtomicInteger invalidations = new AtomicInteger();

    CountingAuth(String password) {
      real =
          new KeystonePasswordAuth(
              HTTP, keystone.adminCredentials(password), Clock.systemUTC(), Duration.ofSeconds(30));
    }

    @Override
    public Session session() throws IOException, InterruptedException {
      sessions.incrementAndGet();
      return real.session();
    }

    @Override
    public void invalidate() {
      invalidations.incrementAndGet();
      real.invalidate();
    }
  }

  private static CinderClient client(CinderAuth auth, List<Duration> sleeps) {
    return new CinderClient(
        HTTP,
        auth,
        new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1), sleeps::add),
        Duration.ofSeconds(30),
        CinderClient.DEFAULT_MICROVERSION,
        50);
  }

  /** The status Cinder answers a plain {@code GET /volumes} with this token. */
  private static int volumesStatus(URI endpoint, String token) throws Exception {
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(endpoint + "/volumes"))
            .timeout(Duration.ofSeconds(30))
            .header("X-Auth-Token", token)
            .build();
    return HTTP.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void passwordLoginFindsCinderInTheCatalogAndSeesWhatTheCliCreated() throws Exception {
    CountingAuth auth = new CountingAuth(keystone.adminPassword());
    CinderAuth.Session session = auth.session();
    assertThat(session.endpoint())
        .isEqualTo(URI.create(cinder.baseUrl() + "/v3/" + keystone.adminProjectId()));
    // Cinder really checks tokens: not noauth, which would take anything shaped user:project
    assertThat(volumesStatus(session.endpoint(), "admin:" + cinder.project())).isEqualTo(401);
    assertThat(volumesStatus(session.endpoint(), session.token())).isEqualTo(200);

    // the real CLI, logging in with the password and finding Cinder in the catalog too
    cinder.openstack("volume", "type", "create", "ebs", "--property", "volume_backend_name=ebs");
    String id =
        cinder
            .openstack(
                "volume", "create", "--type", "ebs", "--size", "2", "-f", "value", "-c", "id", "kv")
            .trim();

    List<Duration> sleeps = new CopyOnWriteArrayList<>();
    CinderClient client = client(auth, sleeps);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client.volumes(null).stream()
                    .anyMatch(v -> v.id().equals(id) && "available".equals(v.status())));
    assertThat(client.volumeTypes()).extracting(VolumeType::name).contains("ebs");
    assertThat(client.services())
        .anySatisfy(
            s -> {
              assertThat(s.binary()).isEqualTo("cinder-volume");
              assertThat(s.host()).isEqualTo(RealCinder.VOLUME_HOST);
            });
    assertThat(auth.invalidations).as("the first token served every call").hasValue(0);

    // and the mirror makes a Volume of it, owned by the Keystone project
    VolumeMirror mirror =
        new VolumeMirror(kube, EmbeddedKubernetesApi.NAMESPACE, Clock.systemUTC());
    VolumeMirrorPlan plan =
        new VolumeMirrorPlan(new VolumeMirrorPlan.Settings(Set.of("ebs"), Duration.ZERO, false));
    Map<String, VolumeType> types =
        client.volumeTypes().stream()
            .collect(Collectors.toMap(VolumeType::id, Function.identity()));
    List<Volume> volumes = client.volumes(null);
    new MirrorPass(plan, mirror, Clock.systemUTC()).full(volumes, types);
    var mirrored =
        kube.resources(io.ovt.ebs.crds.volume.Volume.class).withName("cinder-" + id).get();
    assertThat(mirrored).isNotNull();
    assertThat(mirrored.getSpec().getSize()).isEqualTo("2Gi");
    assertThat(mirrored.getSpec().getCinder().getProjectId()).isEqualTo(keystone.adminProjectId());
  }

  @Test
  void aWrongPasswordIsA401FromKeystoneAndNotTriedAgain() {
    CountingAuth auth = new CountingAuth(keystone.adminPassword() + "-wrong");
    List<Duration> sleeps = new CopyOnWriteArrayList<>();

    assertThatThrownBy(() -> client(auth, sleeps).volumes(null))
        .isInstanceOfSatisfying(
            CinderApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.getMessage()).contains("POST /v3/auth/tokens");
              assertThat(e.cinderMessage()).contains("requires authentication");
            });
    assertThat(auth.sessions).as("one login attempt").hasValue(1);
    assertThat(sleeps).as("no backoff and retry").isEmpty();
  }

  @Test
  void aRevokedTokenIsReplacedByANewLoginOnTheNextCall() throws Exception {
    CountingAuth auth = new CountingAuth(keystone.adminPassword());
    List<Duration> sleeps = new CopyOnWriteArrayList<>();
    CinderClient client = client(auth, sleeps);
    client.services();
    CinderAuth.Session before = auth.real.session();

    keystone.revoke(before.token());
    assertThat(volumesStatus(before.endpoint(), before.token()))
        .as("Cinder refuses the revoked token")
        .isEqualTo(401);

    assertThat(client.services()).isNotEmpty();
    assertThat(auth.invalidations).hasValue(1);
    String after = auth.real.session().token();
    assertThat(after).isNotEqualTo(before.token());
    assertThat(volumesStatus(before.endpoint(), after)).isEqualTo(200);
    assertThat(sleeps).isEmpty();
  }
}

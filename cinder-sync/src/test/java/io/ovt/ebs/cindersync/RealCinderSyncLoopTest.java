package io.ovt.ebs.cindersync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.cindersync.client.CinderClient;
import io.ovt.ebs.cindersync.kube.MirrorPass;
import io.ovt.ebs.cindersync.kube.ServiceMirror;
import io.ovt.ebs.cindersync.kube.SyncLoop;
import io.ovt.ebs.cindersync.kube.VolumeMirror;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop's rounds against the real Cinder: a volume created and extended with the {@code
 * openstack} CLI after the first full resync is picked up by the incremental polls, and its
 * deletion by the next full resync.
 */
class RealCinderSyncLoopTest {
  @TempDir static Path state;
  private static CinderAndKube env;
  private static RealCinder cinder;
  private static KubernetesClient kube;

  @BeforeAll
  static void start() throws Exception {
    env = CinderAndKube.start(state);
    cinder = env.cinder;
    kube = env.kube;
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
  }

  private static Volume mirrored(String id) {
    return kube.resources(Volume.class)
        .inNamespace(EmbeddedKubernetesApi.NAMESPACE)
        .withName("cinder-" + id)
        .get();
  }

  @Test
  void incrementalPollsFollowCreatesAndExtendsAndAFullResyncADeletion() throws Exception {
    cinder.openstack(
        "volume",
        "type",
        "create",
        "ebs",
        "--property",
        "volume_backend_name=ebs",
        "--property",
        "replication_enabled=<is> True");
    CinderClient client = cinder.client(50);
    VolumeMirror mirror =
        new VolumeMirror(env.sync, EmbeddedKubernetesApi.NAMESPACE, Clock.systemUTC());
    MirrorPass pass =
        new MirrorPass(
            new VolumeMirrorPlan(
                new VolumeMirrorPlan.Settings(java.util.Set.of("ebs"), Duration.ZERO, false)),
            mirror,
            Clock.systemUTC());
    // Full resyncs an hour apart: every round in this test after the first is incremental.
    SyncLoop loop =
        new SyncLoop(
            client,
            pass,
            new ServiceMirror(env.sync, client),
            Duration.ofHours(1),
            Clock.systemUTC());
    loop.runOnce();
    assertThat(kube.resources(Volume.class).inAnyNamespace().list().getItems()).isEmpty();

    String id =
        cinder
            .openstack(
                "volume", "create", "--type", "ebs", "--size", "1", "-f", "value", "-c", "id", "a")
            .trim();
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              loop.runOnce();
              return mirrored(id) != null;
            });
    assertThat(mirrored(id).getSpec().getSize()).isEqualTo("1Gi");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client.volumes(null).stream()
                    .anyMatch(v -> v.id().equals(id) && "available".equals(v.status())));
    cinder.openstack("volume", "set", "--size", "2", id);
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              loop.runOnce();
              return "2Gi".equals(mirrored(id).getSpec().getSize());
            });

    // A deletion is never taken from an incremental poll; the next full resync sees it.
    cinder.openstack("volume", "delete", id);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.volumes(null).stream().noneMatch(v -> v.id().equals(id)));
    loop.runOnce();
    assertThat(mirrored(id)).isNotNull();
    // Every round a full resync: the first marks it gone, the next (grace 0) deletes it.
    SyncLoop full =
        new SyncLoop(
            client, pass, new ServiceMirror(env.sync, client), Duration.ZERO, Clock.systemUTC());
    full.runOnce();
    assertThat(mirrored(id).getMetadata().getAnnotations())
        .containsKey("ebs.ovt.io/cinder-gone-since");
    full.runOnce();
    assertThat(mirrored(id)).isNull();
  }
}

package io.ovt.ebs.cindersync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.cindersync.client.CinderClient;
import io.ovt.ebs.cindersync.kube.MirrorPass;
import io.ovt.ebs.cindersync.kube.ServiceMirror;
import io.ovt.ebs.cindersync.kube.SnapshotMirror;
import io.ovt.ebs.cindersync.kube.SnapshotPass;
import io.ovt.ebs.cindersync.kube.SyncLoop;
import io.ovt.ebs.cindersync.kube.VolumeMirror;
import io.ovt.ebs.cindersync.mirror.SnapshotMirrorPlan;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
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
 * openstack} CLI after the first full resync is picked up by the incremental polls, and so is a
 * snapshot of it; their deletions by the next full resyncs.
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

  /** Runs rounds until the condition holds, as cinder-sync's poll interval would. */
  private static void roundsUntil(SyncLoop loop, java.util.concurrent.Callable<Boolean> done) {
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              loop.runOnce();
              return done.call();
            });
  }

  private static io.ovt.ebs.crds.volume.Snapshot snapshot(String id) {
    return kube.resources(io.ovt.ebs.crds.volume.Snapshot.class)
        .inNamespace(EmbeddedKubernetesApi.NAMESPACE)
        .withName("cinder-snapshot-" + id)
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
    VolumeMirrorPlan.Settings settings =
        new VolumeMirrorPlan.Settings(java.util.Set.of("ebs"), Duration.ZERO, false);
    MirrorPass pass = new MirrorPass(new VolumeMirrorPlan(settings), mirror, Clock.systemUTC());
    SnapshotPass snapshots =
        new SnapshotPass(
            new SnapshotMirrorPlan(settings),
            new SnapshotMirror(env.sync, EmbeddedKubernetesApi.NAMESPACE, Clock.systemUTC()),
            mirror,
            Clock.systemUTC());
    // Full resyncs an hour apart: every round in this test after the first is incremental.
    SyncLoop loop =
        new SyncLoop(
            client,
            pass,
            snapshots,
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
    roundsUntil(loop, () -> mirrored(id) != null);
    assertThat(mirrored(id).getSpec().getSize()).isEqualTo("1Gi");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client.volumes(null).stream()
                    .anyMatch(v -> v.id().equals(id) && "available".equals(v.status())));
    cinder.openstack("volume", "set", "--size", "2", id);
    roundsUntil(loop, () -> "2Gi".equals(mirrored(id).getSpec().getSize()));

    // A snapshot taken in Cinder becomes a Snapshot of the mirrored Volume.
    String snap =
        cinder
            .openstack(
                "volume", "snapshot", "create", "--volume", id, "-f", "value", "-c", "id", "s1")
            .trim();
    roundsUntil(loop, () -> snapshot(snap) != null);
    assertThat(snapshot(snap).getSpec().getVolume()).isEqualTo("cinder-" + id);
    assertThat(snapshot(snap).getSpec().getCinder().getId()).isEqualTo(snap);
    roundsUntil(
        loop,
        () ->
            Conditions.find(snapshot(snap).getStatus(), ConditionType.CinderSynced)
                .map(c -> c.getMessage().endsWith("(available)"))
                .orElse(false));
    cinder.openstack("volume", "snapshot", "delete", snap);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.snapshots(null).stream().noneMatch(s -> s.id().equals(snap)));

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
            client,
            pass,
            snapshots,
            new ServiceMirror(env.sync, client),
            Duration.ZERO,
            Clock.systemUTC());
    full.runOnce();
    assertThat(mirrored(id).getMetadata().getAnnotations())
        .containsKey("ebs.ovt.io/cinder-gone-since");
    assertThat(snapshot(snap).getMetadata().getAnnotations())
        .containsKey("ebs.ovt.io/cinder-gone-since");
    full.runOnce();
    assertThat(mirrored(id)).isNull();
    assertThat(snapshot(snap)).isNull();
  }
}

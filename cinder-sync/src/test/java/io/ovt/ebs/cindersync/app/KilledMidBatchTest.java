package io.ovt.ebs.cindersync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.cindersync.CinderAndKube;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ebs-cinder-sync} process against the real Cinder, killed with SIGKILL while it
 * mirrors a batch of volumes, then started again: every volume is mirrored exactly once.
 */
class KilledMidBatchTest {
  private static final int VOLUMES = 30;
  private static final Duration WAIT = Duration.ofMinutes(2);
  @TempDir static Path state;
  private static CinderAndKube env;

  @BeforeAll
  static void start() throws Exception {
    env = CinderAndKube.start(state.resolve("cinder"));
    env.cinder.openstack(
        "volume", "type", "create", "ebs", "--property", "volume_backend_name=ebs");
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
  }

  private static Process cinderSync() throws IOException {
    Path kubeconfig = env.api.writeKubeconfig(state.resolve("kubeconfig"));
    List<String> argv =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CinderSyncMain.class.getName(),
                "--cinder-url",
                env.cinder.baseUrl().toString(),
                "--noauth-project",
                env.cinder.project(),
                "--namespace",
                EmbeddedKubernetesApi.NAMESPACE,
                "--poll-seconds",
                "1",
                "--page-size",
                "5",
                "--metrics-port",
                "0",
                "--no-leader-election"));
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(state.resolve("cinder-sync.log").toFile());
    return pb.start();
  }

  private static List<Volume> mirrored() {
    return env.kube
        .resources(Volume.class)
        .inNamespace(EmbeddedKubernetesApi.NAMESPACE)
        .list()
        .getItems();
  }

  @Test
  void aProcessKilledMidBatchAndStartedAgainMirrorsEachVolumeOnce() throws Exception {
    Set<String> ids = new TreeSet<>();
    for (int i = 0; i < VOLUMES; i++) {
      ids.add(
          env.cinder
              .openstack(
                  "volume",
                  "create",
                  "--type",
                  "ebs",
                  "--size",
                  "1",
                  "-f",
                  "value",
                  "-c",
                  "id",
                  "batch-" + i)
              .trim());
    }
    Process first = cinderSync();
    try {
      await().atMost(WAIT).until(() -> !mirrored().isEmpty());
    } finally {
      first.destroyForcibly();
      first.waitFor(30, TimeUnit.SECONDS);
    }
    int atKill = mirrored().size();
    System.out.printf("killed with %d of %d volumes mirrored%n", atKill, VOLUMES);

    Process second = cinderSync();
    try {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  mirrored().size() == VOLUMES
                      && mirrored().stream()
                          .allMatch(
                              v -> Conditions.isTrue(v.getStatus(), ConditionType.CinderSynced)));
    } finally {
      second.destroy();
      second.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(mirrored())
        .extracting(v -> v.getSpec().getCinder().getId())
        .containsExactlyInAnyOrderElementsOf(ids);
  }
}

package io.ovt.ebs.cindersync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.cindersync.client.CinderClient;
import io.ovt.ebs.cindersync.client.Volume;
import io.ovt.ebs.cindersync.client.VolumeType;
import io.ovt.ebs.cindersync.kube.MirrorPass;
import io.ovt.ebs.cindersync.kube.VolumeMirror;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan;
import io.ovt.ebs.crds.replication.ReplicationMode;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror against Debian's real Cinder driven by the real {@code openstack} CLI: volumes of the
 * EBS types become Volumes with their types' specs, listed in pages, and go when deleted.
 */
class RealCinderMirrorTest {
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

  private static Map<String, VolumeType> types(CinderClient client) throws Exception {
    return client.volumeTypes().stream()
        .collect(Collectors.toMap(VolumeType::id, Function.identity()));
  }

  private static String create(String type, int size) throws Exception {
    return cinder
        .openstack(
            "volume",
            "create",
            "--type",
            type,
            "--size",
            Integer.toString(size),
            "-f",
            "value",
            "-c",
            "id",
            "v-" + type + "-" + size)
        .trim();
  }

  private static void awaitStatus(CinderClient client, Set<String> ids, String status) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client.volumes(null).stream()
                    .filter(v -> ids.contains(v.id()))
                    .allMatch(v -> status.equals(v.status())));
  }

  @Test
  void volumesOfEbsTypesAreMirroredWithTheirSpecsAndGoWhenDeleted() throws Exception {
    cinder.openstack(
        "volume",
        "type",
        "create",
        "ebs",
        "--property",
        "volume_backend_name=ebs",
        "--property",
        "replication_enabled=<is> True",
        "--property",
        "ovt_ebs:replication_mode=full-sync");
    cinder.openstack(
        "volume",
        "type",
        "create",
        "ebs-thin",
        "--property",
        "volume_backend_name=ebs",
        "--property",
        "provisioning:type=thin");
    cinder.openstack("volume", "type", "create", "other", "--property", "volume_backend_name=lvm");
    String replicated = create("ebs", 1);
    String thin = create("ebs-thin", 2);
    String thin2 = create("ebs-thin", 3);
    CinderClient client = cinder.client(2);
    awaitStatus(client, Set.of(replicated, thin, thin2), "available");

    VolumeMirror mirror =
        new VolumeMirror(env.sync, EmbeddedKubernetesApi.NAMESPACE, Clock.systemUTC());
    VolumeMirrorPlan plan =
        new VolumeMirrorPlan(new VolumeMirrorPlan.Settings(Set.of("ebs"), Duration.ZERO, false));
    MirrorPass pass = new MirrorPass(plan, mirror, Clock.systemUTC());
    List<Volume> all = client.volumes(null);
    assertThat(all).hasSize(3);
    pass.full(all, types(client));

    var volumes = kube.resources(io.ovt.ebs.crds.volume.Volume.class).list().getItems();
    assertThat(volumes)
        .extracting(v -> v.getMetadata().getName())
        .containsExactlyInAnyOrder("cinder-" + replicated, "cinder-" + thin, "cinder-" + thin2);
    var r =
        kube.resources(io.ovt.ebs.crds.volume.Volume.class).withName("cinder-" + replicated).get();
    assertThat(r.getSpec().getSize()).isEqualTo("1Gi");
    assertThat(r.getSpec().getReplication().getEnabled()).isTrue();
    assertThat(r.getSpec().getReplication().getMode()).isEqualTo(ReplicationMode.FULL_SYNC);
    assertThat(r.getSpec().getCinder().getProjectId()).isEqualTo(cinder.project());
    var t = kube.resources(io.ovt.ebs.crds.volume.Volume.class).withName("cinder-" + thin2).get();
    assertThat(t.getSpec().getProvisioning()).isEqualTo(Provisioning.THIN);
    assertThat(t.getSpec().getReplication().getEnabled()).isFalse();

    cinder.openstack("volume", "delete", thin);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.volumes(null).stream().noneMatch(v -> v.id().equals(thin)));
    pass.full(client.volumes(null), types(client));
    pass.full(client.volumes(null), types(client));
    assertThat(kube.resources(io.ovt.ebs.crds.volume.Volume.class).list().getItems())
        .extracting(v -> v.getMetadata().getName())
        .containsExactlyInAnyOrder("cinder-" + replicated, "cinder-" + thin2);
  }
}

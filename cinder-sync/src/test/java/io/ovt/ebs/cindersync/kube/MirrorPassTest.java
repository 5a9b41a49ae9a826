package io.ovt.ebs.cindersync.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.cindersync.SyncAccess;
import io.ovt.ebs.cindersync.client.Volume;
import io.ovt.ebs.cindersync.client.VolumeType;
import io.ovt.ebs.cindersync.mirror.MirrorAction;
import io.ovt.ebs.cindersync.mirror.SyncCondition;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.crds.volume.VolumeExportSpec;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mirror applied to a Kubernetes API: created once, deleted after the grace, restart-safe. */
class MirrorPassTest {
  private static final String NS = EmbeddedKubernetesApi.NAMESPACE;
  private static final String PROJECT = "3f1c2b4a5d6e7f8091a2b3c4d5e6f708";
  private static final Duration GRACE = Duration.ofMinutes(10);
  private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
  private static final Map<String, VolumeType> TYPES =
      Map.of(
          "tid-ebs",
          new VolumeType(
              "tid-ebs",
              "ebs",
              true,
              Map.of("volume_backend_name", "ebs", "replication_enabled", "<is> True")),
          "tid-thin",
          new VolumeType(
              "tid-thin",
              "ebs-thin",
              true,
              Map.of("volume_backend_name", "ebs", "provisioning:type", "thin")));

  private EmbeddedKubernetesApi api;
  private KubernetesClient client;
  private KubernetesClient sync;
  private VolumeMirror mirror;
  private final VolumeMirrorPlan plan =
      new VolumeMirrorPlan(new VolumeMirrorPlan.Settings(Set.of("ebs"), GRACE, false));

  @BeforeEach
  void start() {
    api = EmbeddedKubernetesApi.start(0);
    client = api.newClient();
    sync = api.newClient(SyncAccess.USER_AGENT);
    mirror = new VolumeMirror(sync, NS, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    SyncAccess.record(api);
    sync.close();
    client.close();
    api.close();
  }

  private static String id(int n) {
    return String.format("0b6c1f5e-2d3a-4f60-9a71-%012d", n);
  }

  private static Volume cinder(int n, String type, int size) {
    return new Volume(
        id(n),
        "v" + n,
        "available",
        size,
        type,
        type,
        PROJECT,
        "hci-0001@EBS#ebs",
        "enabled",
        null,
        null,
        "nova",
        false,
        Map.of(),
        List.of(),
        T0,
        T0);
  }

  private MirrorPass pass(Consumer<MirrorAction> apply, Instant now) {
    return new MirrorPass(plan, mirror, apply, mirror::show, Clock.fixed(now, ZoneOffset.UTC));
  }

  private List<io.ovt.ebs.crds.volume.Volume> volumes() {
    return client.resources(io.ovt.ebs.crds.volume.Volume.class).inNamespace(NS).list().getItems();
  }

  @Test
  void cinderVolumesBecomeVolumesOnceAndFollowAnExtend() {
    MirrorPass pass = pass(mirror::apply, T0);
    pass.full(List.of(cinder(1, "tid-ebs", 10), cinder(2, "tid-thin", 2)), TYPES);

    assertThat(volumes()).hasSize(2);
    var replicated =
        client
            .resources(io.ovt.ebs.crds.volume.Volume.class)
            .inNamespace(NS)
            .withName("cinder-" + id(1))
            .get();
    assertThat(replicated.getSpec().getSize()).isEqualTo("10Gi");
    assertThat(replicated.getSpec().getReplication().getEnabled()).isTrue();
    assertThat(replicated.getMetadata().getLabels()).containsEntry("ebs.ovt.io/project", PROJECT);
    var thin =
        client
            .resources(io.ovt.ebs.crds.volume.Volume.class)
            .inNamespace(NS)
            .withName("cinder-" + id(2))
            .get();
    assertThat(thin.getSpec().getProvisioning()).isEqualTo(Provisioning.THIN);
    assertThat(thin.getSpec().getReplication().getEnabled()).isFalse();
    assertThat(cinderSynced(1))
        .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
        .containsExactly(
            "True", "Mirrored", "mirrors Cinder volume " + id(1) + " (available, 10 GiB)");

    List<SyncCondition> shown = new ArrayList<>();
    MirrorPass counting =
        new MirrorPass(plan, mirror, mirror::apply, shown::add, Clock.fixed(T0, ZoneOffset.UTC));
    assertThat(counting.full(List.of(cinder(1, "tid-ebs", 10), cinder(2, "tid-thin", 2)), TYPES))
        .isEmpty();
    assertThat(shown).as("a condition already shown is not written again").isEmpty();
    pass.changed(List.of(cinder(1, "tid-ebs", 20)), TYPES);
    assertThat(cinderSynced(1).getMessage()).endsWith("(available, 20 GiB)");
    assertThat(
            client
                .resources(io.ovt.ebs.crds.volume.Volume.class)
                .inNamespace(NS)
                .withName("cinder-" + id(1))
                .get()
                .getSpec()
                .getSize())
        .isEqualTo("20Gi");
    assertThat(volumes()).hasSize(2);
  }

  @Test
  void aDeletedCinderVolumeGoesAfterTheGracePeriodButAnExportedOneStays() {
    pass(mirror::apply, T0).full(List.of(cinder(1, "tid-ebs", 1), cinder(2, "tid-ebs", 1)), TYPES);
    VolumeExport export = new VolumeExport();
    export.getMetadata().setName("attached");
    export.getMetadata().setNamespace(NS);
    VolumeExportSpec spec = new VolumeExportSpec();
    spec.setVolume("cinder-" + id(2));
    spec.setInitiators(List.of("iqn.1994-05.com.redhat:client"));
    export.setSpec(spec);
    client.resource(export).create();

    MirrorPass running = pass(mirror::apply, T0);
    running.full(List.of(cinder(1, "tid-ebs", 1), cinder(2, "tid-ebs", 1)), TYPES);
    // Both deleted in Cinder: marked now, kept through the grace period.
    running.full(List.of(), TYPES);
    assertThat(volumes()).hasSize(2);
    pass(mirror::apply, T0.plus(GRACE).minusSeconds(1)).full(List.of(), TYPES);
    assertThat(volumes()).hasSize(2);

    List<MirrorAction> due = pass(mirror::apply, T0.plus(GRACE)).full(List.of(), TYPES);
    assertThat(due)
        .contains(new MirrorAction.Delete("cinder-" + id(1)))
        .doesNotContain(new MirrorAction.Delete("cinder-" + id(2)));
    assertThat(volumes())
        .extracting(v -> v.getMetadata().getName())
        .containsExactly("cinder-" + id(2));
    assertThat(cinderSynced(2))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("False", "CinderVolumeGone");
    assertThat(cinderSynced(2).getMessage()).contains("still exported");
  }

  private Condition cinderSynced(int n) {
    var v =
        client
            .resources(io.ovt.ebs.crds.volume.Volume.class)
            .inNamespace(NS)
            .withName("cinder-" + id(n))
            .get();
    return Conditions.find(v.getStatus(), ConditionType.CinderSynced).orElseThrow();
  }

  @Test
  void aPassKilledInTheMiddleIsFinishedByTheNextWithoutDuplicates() {
    List<Volume> cinder = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      cinder.add(cinder(i, i % 2 == 0 ? "tid-ebs" : "tid-thin", i));
    }
    AtomicInteger applied = new AtomicInteger();
    Consumer<MirrorAction> dying =
        a -> {
          if (applied.incrementAndGet() > 13) {
            throw new IllegalStateException("killed");
          }
          mirror.apply(a);
        };
    assertThatThrownBy(() -> pass(dying, T0).full(cinder, TYPES)).hasMessage("killed");
    assertThat(volumes()).hasSizeBetween(1, 19);

    // A new process: nothing remembered but the resources.
    pass(mirror::apply, T0).full(cinder, TYPES);
    assertThat(volumes()).hasSize(20);
    assertThat(volumes())
        .allSatisfy(
            v ->
                assertThat(v.getMetadata().getAnnotations())
                    .containsEntry("ebs.ovt.io/cinder-status", "available"));
    assertThat(pass(mirror::apply, T0).full(cinder, TYPES)).isEmpty();
  }
}

package io.ovt.ebs.cinderdriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovt.ebs.cindersync.RealCinder;
import io.ovt.ebs.cindersync.client.CinderClient;
import io.ovt.ebs.cindersync.client.Service;
import io.ovt.ebs.cindersync.client.Volume;
import io.ovt.ebs.cindersync.client.VolumeType;
import io.ovt.ebs.cindersync.kube.MirrorPass;
import io.ovt.ebs.cindersync.kube.ServiceMirror;
import io.ovt.ebs.cindersync.kube.VolumeMirror;
import io.ovt.ebs.cindersync.mirror.MirrorAction;
import io.ovt.ebs.cindersync.mirror.ServiceStateSync;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverState;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.crds.volume.VolumeState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real Cinder (API, scheduler and volume) with {@code volume_driver =
 * cinder.volume.drivers.ovt.ebs.EBSVolumeDriver}, loaded from this module's {@code
 * cinder/volume/drivers}, against the embedded Kubernetes API, the operator and two simulated
 * storage hosts; driven by the real {@code openstack} and {@code cinder} CLIs and the REST API. The
 * failover tests come last and each puts the service back as it found it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealCinderDriverTest {
  private static final String HOST = RealCinder.VOLUME_HOST; // hci-0001@EBS
  private static final String SECONDARY = RealCinder.SECONDARY; // hci-0002@EBS
  private static final Duration CINDER_WAIT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;
  private DriverSystem system;
  private RealCinder cinder;
  private CinderClient client;

  @BeforeAll
  void start() throws Exception {
    system = DriverSystem.start(home);
    cinder = system.startCinder(home.resolve("cinder"), Map.of());
    client = cinder.client(100);
  }

  @AfterAll
  void stop() throws IOException {
    if (cinder != null) {
      cinder.close();
      DriverSystem.keepLog(home.resolve("cinder"), "real-cinder-driver.log");
    }
    if (system != null) {
      system.close();
    }
  }

  @Test
  @Order(1)
  void theBackendReportsItselfAndItsPool() throws Exception {
    // `get-pools --detail` cannot be used: Debian's Cinder 2023.1 answers 500 for any iSCSI
    // backend there ('ReadOnlyDict' object has no attribute 'copy', in the API's pool view when
    // storage_protocol has variants). The stats' values are unit-tested (test_ebs_model.py); that
    // the scheduler takes them is shown by every volume of the replicated type placed below.
    await("the driver's first stats")
        .atMost(CINDER_WAIT)
        .untilAsserted(() -> assertThat(cinder.cinder("get-pools")).contains(HOST + "#ebs"));
    assertThat(cinder.cinder("get-capabilities", HOST))
        .containsPattern("vendor_name\\s*\\|\\s*OVT")
        .containsPattern("driver_version\\s*\\|\\s*1.0.0")
        .containsPattern("storage_protocol\\s*\\|\\s*iSCSI")
        .containsPattern("volume_backend_name\\s*\\|\\s*ebs");
  }

  @Test
  @Order(2)
  void aCreatedVolumeIsAvailableReplicatedAndReadyInKubernetes() throws Exception {
    String id = create("first", "--size", "1");
    Volume v = volume(id);
    assertThat(v.replicationStatus()).isEqualTo("enabled");
    assertThat(v.host()).isEqualTo(HOST + "#ebs");

    io.ovt.ebs.crds.volume.Volume ebs = awaitVolumeReady(id);
    // cinder-sync's name and labels, so both converge on this one object
    assertThat(ebs.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "ebs-cinder-sync")
        .containsEntry("ebs.ovt.io/project", cinder.project())
        .containsEntry("ebs.ovt.io/cinder-type-id", typeId("ebs"));
    assertThat(ebs.getSpec().getCinder().getId()).isEqualTo(id);
    assertThat(ebs.getSpec().getSize()).isEqualTo("1Gi");
    assertThat(ebs.getSpec().getReplication().getEnabled()).isTrue();
    assertThat(ebs.getStatus().getPrimaryNode()).isEqualTo("hci-0001");

    cinder.openstack("volume", "delete", id);
    awaitGone(id);
  }

  @Test
  @Order(3)
  void snapshotVolumeFromSnapshotCloneAndExtend() throws Exception {
    String source = create("source", "--size", "1");
    awaitVolumeReady(source);

    String snap =
        cinder
            .openstack(
                "volume",
                "snapshot",
                "create",
                "--volume",
                source,
                "before",
                "-f",
                "value",
                "-c",
                "id")
            .strip();
    await("snapshot " + snap + " available")
        .atMost(CINDER_WAIT)
        .until(() -> snapshotStatus(snap), s -> s.equals("available") || s.equals("error"));
    assertThat(snapshotStatus(snap)).isEqualTo("available");
    Snapshot ebsSnap =
        system.kube.resources(Snapshot.class).withName("cinder-snapshot-" + snap).get();
    assertThat(ebsSnap.getStatus().getReadyToUse()).isTrue();
    assertThat(ebsSnap.getSpec().getVolume()).isEqualTo("cinder-" + source);

    String restored = create("restored", "--snapshot", snap, "--size", "2");
    assertThat(ebsVolume(restored).getSpec().getSource().getSnapshot())
        .isEqualTo("cinder-snapshot-" + snap);
    assertThat(ebsVolume(restored).getSpec().getSize()).isEqualTo("2Gi");

    String clone = create("clone", "--source", source, "--size", "1");
    assertThat(ebsVolume(clone).getSpec().getSource().getVolume()).isEqualTo("cinder-" + source);
    awaitVolumeReady(clone);

    cinder.openstack("volume", "set", "--size", "3", clone);
    await("clone extended in Cinder")
        .atMost(CINDER_WAIT)
        .until(() -> volume(clone), v -> v.size() == 3 && v.status().equals("available"));
    io.ovt.ebs.crds.volume.Volume grown = ebsVolume(clone);
    assertThat(grown.getSpec().getSize()).isEqualTo("3Gi");
    assertThat(grown.getStatus().getSizeBytes()).isGreaterThanOrEqualTo(3L << 30);

    // the restored volume needs its snapshot, the snapshot its volume: delete in that order
    for (String id : List.of(clone, restored)) {
      cinder.openstack("volume", "delete", id);
      awaitGone(id);
    }
    cinder.openstack("volume", "snapshot", "delete", snap);
    await("snapshot deleted")
        .atMost(CINDER_WAIT)
        .until(
            () ->
                system.kube.resources(Snapshot.class).withName("cinder-snapshot-" + snap).get()
                    == null);
    cinder.openstack("volume", "delete", source);
    awaitGone(source);
  }

  @Test
  @Order(4)
  void initializeConnectionReturnsTheTargetOfTheVolumeExport() throws Exception {
    String id = create("attached", "--size", "1");
    String initiator = "iqn.1993-08.org.debian:01:compute-1";
    JsonNode answer =
        action(
            id,
            "os-initialize_connection",
            Map.of(
                "connector",
                Map.of(
                    "initiator",
                    initiator,
                    "ip",
                    "10.0.251.31",
                    "host",
                    "compute-1",
                    "multipath",
                    true,
                    "platform",
                    "x86_64",
                    "os_type",
                    "linux2")));
    JsonNode info = answer.path("connection_info");
    assertThat(info.path("driver_volume_type").asText()).isEqualTo("iscsi");
    JsonNode data = info.path("data");

    List<VolumeExport> exports =
        system.kube.resources(VolumeExport.class).list().getItems().stream()
            .filter(e -> e.getSpec().getVolume().equals("cinder-" + id))
            .toList();
    assertThat(exports).hasSize(1);
    VolumeExport export = exports.get(0);
    assertThat(export.getSpec().getInitiators()).containsExactly(initiator);
    assertThat(data.path("target_iqn").asText()).isEqualTo(export.getStatus().getTargetIqn());
    assertThat(data.path("target_lun").asInt()).isEqualTo(export.getStatus().getTargetLun());
    assertThat(export.getStatus().getTargetPortals())
        .containsExactly("10.0.251.21:3260", "10.0.252.21:3260");
    assertThat(data.path("target_portal").asText()).isEqualTo("10.0.251.21:3260");
    assertThat(strings(data.path("target_portals")))
        .isEqualTo(export.getStatus().getTargetPortals());
    assertThat(strings(data.path("target_iqns")))
        .containsOnly(export.getStatus().getTargetIqn())
        .hasSize(2);
    assertThat(data.path("target_luns")).hasSize(2);
    assertThat(data.has("auth_method")).isFalse();

    action(
        id,
        "os-terminate_connection",
        Map.of("connector", Map.of("initiator", initiator, "host", "compute-1")));
    assertThat(
            system
                .kube
                .resources(VolumeExport.class)
                .withName(export.getMetadata().getName())
                .get())
        .isNull();
    cinder.openstack("volume", "delete", id);
    awaitGone(id);
  }

  @Test
  @Order(5)
  void anUnknownFailoverTargetIsRefusedAndNothingMoves() throws Exception {
    String id = create("stays", "--size", "1");
    awaitVolumeReady(id);
    cinder.cinder("failover-host", HOST, "--backend_id", "hci-0009@EBS");
    await("the failover attempt over")
        .atMost(CINDER_WAIT)
        .until(() -> service().replicationStatus(), s -> !s.equals("failing-over"));
    Service s = service();
    // the contract: InvalidReplicationTarget keeps the replication status, the service enabled
    assertThat(s.replicationStatus()).isEqualTo("enabled");
    assertThat(s.status()).isEqualTo("enabled");
    assertThat(s.activeBackendId()).isNullOrEmpty();
    assertThat(Files.readString(home.resolve("cinder/cinder.log")))
        .contains("InvalidReplicationTarget")
        .contains("hci-0009@EBS is not a configured replication_device");
    assertThat(volume(id).replicationStatus()).isEqualTo("enabled");
    assertThat(system.policy().getSpec().getActiveBackend()).isEqualTo(HOST);
    cinder.openstack("volume", "delete", id);
    awaitGone(id);
  }

  @Test
  @Order(6)
  void failoverHostThenFailback() throws Exception {
    String id = create("replicated", "--size", "1");
    awaitVolumeReady(id);
    // a type of the same backend without replication: one copy, on one node
    cinder.openstack(
        "volume", "type", "create", "ebs-single", "--property", "volume_backend_name=ebs");
    String single = createOfType("ebs-single", "single", "--size", "1");
    assertThat(volume(single).replicationStatus()).isEqualTo("disabled");
    assertThat(ebsVolume(single).getSpec().getReplication().getEnabled()).isFalse();

    cinder.cinder("failover-host", HOST, "--backend_id", SECONDARY);
    await("service failed over")
        .atMost(CINDER_WAIT)
        .until(this::service, s -> !s.replicationStatus().equals("failing-over"));
    Service s = service();
    assertThat(s.replicationStatus()).isEqualTo("failed-over");
    assertThat(s.status()).isEqualTo("disabled");
    assertThat(s.disabledReason()).isEqualTo("failed-over");
    assertThat(s.activeBackendId()).isEqualTo(SECONDARY);
    assertThat(volume(id).replicationStatus()).isEqualTo("failed-over");
    assertThat(volume(id).status()).isEqualTo("available");
    // the contract: a volume with no copy on the target cannot follow
    assertThat(volume(single).status()).isEqualTo("error");
    assertThat(volume(single).replicationStatus()).isEqualTo("not-capable");
    FailoverPolicy policy = system.policy();
    assertThat(policy.getSpec().getActiveBackend()).isEqualTo(SECONDARY);
    assertThat(policy.getStatus().getActiveNode()).isEqualTo("hci-0002");
    assertThat(ebsVolume(id).getStatus().getPrimaryNode()).isEqualTo("hci-0002");
    String list = cinder.openstack("volume", "service", "list", "--long", "-f", "value");
    assertThat(list)
        .containsPattern("cinder-volume " + HOST + " \\S+ disabled up \\S+ failed-over");

    cinder.cinder("failover-host", HOST, "--backend_id", "default");
    await("service failed back")
        .atMost(CINDER_WAIT)
        .until(this::service, x -> !x.replicationStatus().equals("failing-over"));
    s = service();
    assertThat(s.replicationStatus()).isEqualTo("enabled");
    assertThat(s.status()).isEqualTo("enabled");
    assertThat(s.activeBackendId()).isNullOrEmpty();
    assertThat(volume(id).replicationStatus()).isEqualTo("enabled");
    assertThat(system.policy().getSpec().getActiveBackend()).isEqualTo(HOST);
    assertThat(system.policy().getStatus().getActiveNode()).isEqualTo("hci-0001");
    assertThat(ebsVolume(id).getStatus().getPrimaryNode()).isEqualTo("hci-0001");
    // and a failback leaves it as it is
    assertThat(volume(single).status()).isEqualTo("error");
    assertThat(volume(single).replicationStatus()).isEqualTo("not-capable");

    for (String v : List.of(id, single)) {
      cinder.openstack("volume", "delete", v);
      awaitGone(v);
    }
  }

  @Test
  @Order(7)
  void freezeHostThenThawHost() throws Exception {
    cinder.cinder("freeze-host", HOST);
    await("service frozen")
        .atMost(CINDER_WAIT)
        .until(this::service, s -> "frozen".equals(s.disabledReason()));
    Service s = service();
    assertThat(s.isFrozen()).isTrue();
    assertThat(s.status()).isEqualTo("disabled");
    FailoverPolicy policy = system.policy();
    assertThat(policy.getSpec().getFrozen()).isTrue();
    assertThat(policy.getStatus().getState()).isEqualTo(FailoverState.Frozen);

    cinder.cinder("thaw-host", HOST);
    s = service();
    assertThat(s.isFrozen()).isFalse();
    assertThat(s.status()).isEqualTo("enabled");
    policy = system.policy();
    assertThat(policy.getSpec().getFrozen()).isFalse();
    assertThat(policy.getStatus().getState()).isNotEqualTo(FailoverState.Frozen);
  }

  @Test
  @Order(8)
  void cinderSyncTakesTheDriversObjectsAsItsOwn() throws Exception {
    String id = create("shared", "--size", "1");
    awaitVolumeReady(id);
    String name = "cinder-" + id;
    io.ovt.ebs.crds.volume.VolumeSpec before = ebsVolume(id).getSpec();

    // one full pass of cinder-sync's volume mirror over the same Cinder and namespace
    MirrorPass pass =
        new MirrorPass(
            new VolumeMirrorPlan(
                new VolumeMirrorPlan.Settings(Set.of("ebs"), Duration.ofMinutes(10), false)),
            new VolumeMirror(system.kube, "default", Clock.systemUTC()),
            Clock.systemUTC());
    Map<String, VolumeType> types =
        client.volumeTypes().stream().collect(Collectors.toMap(VolumeType::id, t -> t));
    List<MirrorAction> actions = pass.full(client.volumes(null), types);
    assertThat(actions)
        .as("nothing made twice, grown, reported or marked gone")
        .containsExactly(new MirrorAction.NoteStatus(name, "available"));
    io.ovt.ebs.crds.volume.Volume after = ebsVolume(id);
    assertThat(after.getSpec()).usingRecursiveComparison().isEqualTo(before);
    assertThat(Conditions.find(after.getStatus(), ConditionType.CinderSynced))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("Mirrored");
            });

    // and its service mirror finds Cinder and the policy in step after the driver's failovers
    assertThat(new ServiceMirror(system.kube, client).pass())
        .singleElement()
        .isInstanceOfAny(ServiceStateSync.Record.class, ServiceStateSync.InStep.class);

    cinder.openstack("volume", "delete", id);
    awaitGone(id);
  }

  // Helpers.

  /** Creates a volume of type ebs with the CLI and waits until Cinder shows it available. */
  private String create(String name, String... args) throws Exception {
    return createOfType("ebs", name, args);
  }

  private String createOfType(String type, String name, String... args) throws Exception {
    String[] argv = new String[args.length + 9];
    int i = 0;
    for (String a : List.of("volume", "create", "--type", type)) {
      argv[i++] = a;
    }
    for (String a : args) {
      argv[i++] = a;
    }
    for (String a : List.of(name, "-f", "value", "-c", "id")) {
      argv[i++] = a;
    }
    String id = cinder.openstack(argv).strip();
    await("volume " + name + " out of creating")
        .atMost(CINDER_WAIT)
        .until(() -> volume(id).status(), st -> !st.equals("creating"));
    assertThat(volume(id).status())
        .as("volume %s (see %s)", name, home.resolve("cinder/cinder.log"))
        .isEqualTo("available");
    return id;
  }

  private String typeId(String name) throws Exception {
    return client.volumeTypes().stream()
        .filter(t -> t.name().equals(name))
        .map(t -> t.id())
        .findFirst()
        .orElseThrow();
  }

  private Volume volume(String id) throws Exception {
    return client.volumes(null).stream()
        .filter(v -> v.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Cinder volume " + id));
  }

  private String snapshotStatus(String id) throws Exception {
    return client.snapshots(null).stream()
        .filter(s -> s.id().equals(id))
        .map(s -> s.status())
        .findFirst()
        .orElse("missing");
  }

  private Service service() throws Exception {
    return client.services().stream()
        .filter(s -> s.binary().equals("cinder-volume") && s.host().equals(HOST))
        .findFirst()
        .orElseThrow();
  }

  private io.ovt.ebs.crds.volume.Volume ebsVolume(String id) {
    return system
        .kube
        .resources(io.ovt.ebs.crds.volume.Volume.class)
        .withName("cinder-" + id)
        .get();
  }

  private io.ovt.ebs.crds.volume.Volume awaitVolumeReady(String id) {
    return await("Volume cinder-" + id + " Ready")
        .atMost(CINDER_WAIT)
        .until(
            () -> ebsVolume(id),
            v ->
                v != null
                    && v.getStatus() != null
                    && v.getStatus().getState() == VolumeState.Available
                    && Conditions.isTrue(v.getStatus(), ConditionType.Ready));
  }

  private void awaitGone(String id) {
    await("volume " + id + " gone from Cinder and Kubernetes")
        .atMost(CINDER_WAIT)
        .until(
            () ->
                client.volumes(null).stream().noneMatch(v -> v.id().equals(id))
                    && ebsVolume(id) == null);
  }

  private JsonNode action(String volumeId, String action, Map<String, Object> body)
      throws IOException, InterruptedException {
    return VolumeActions.post(cinder, volumeId, action, body);
  }

  private static List<String> strings(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }
}

package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.node.TargetHelper;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.real.DrbdConfigRenderer;
import io.ovt.ebs.daemon.real.DrbdFlavor;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import io.ovt.ebs.nodeapi.DrbdProtocol;
import io.ovt.ebs.nodeapi.NodeApiClient;
import io.ovt.ebs.operator.EbsOperator;
import io.ovt.ebs.operator.OperatorSettings;
import io.ovt.ebs.operator.node.NodeApiFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real operator on the host drives real node daemons in two storage VMs through custom
 * resources only: replicated volumes on real LVM and DRBD, an iSCSI export used by the client VM, a
 * switchover of the active node with the client's data intact, and deletion without a trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealStorageIT {
  private static final String NS = "default";
  private static final String TAG = "ebs.ovt.io";
  private static final Duration VOLUME_READY = Duration.ofMinutes(4);
  private static final String TGT_HOST = Topology.HCI_2;

  /** TCG guests run storage commands slowly: give node calls and reconciles room. */
  private static final OperatorSettings SETTINGS =
      new OperatorSettings(
          Duration.ofSeconds(2),
          Duration.ofSeconds(90),
          Duration.ofSeconds(1),
          Duration.ofSeconds(10),
          Duration.ofSeconds(2),
          20.0);

  @RegisterExtension static final VmClusterExtension VMS = new VmClusterExtension();

  private final Map<String, NodeDaemonProcess> daemons = new ConcurrentHashMap<>();
  private VmCluster cluster;
  private EmbeddedKubernetesApi api;
  private KubernetesClient client;
  private EbsOperator operator;
  private String checksum;

  @BeforeAll
  void startStorageAndOperator() {
    cluster = VMS.cluster();
    CompletableFuture.allOf(
            Topology.STORAGE_HOSTS.stream()
                .map(host -> CompletableFuture.runAsync(() -> prepare(host)))
                .toArray(CompletableFuture[]::new))
        .join();
    api = EmbeddedKubernetesApi.start(0);
    client = api.newClient();
    operator = EbsOperator.start(client, nodeApis(), SETTINGS, Optional.empty(), Clock.systemUTC());
    for (String host : Topology.STORAGE_HOSTS) {
      client
          .resource(
              E2eResources.storageNode(
                  host,
                  cluster.daemonPort(host),
                  TGT_HOST.equals(host) ? TargetHelper.TGTADM : TargetHelper.LIOADM))
          .create();
    }
    client.resource(E2eResources.pair()).create();
    client.resource(E2eResources.policy("hci-0001@EBS")).create();
  }

  @AfterAll
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (client != null) {
      client.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  @Order(1)
  void thickAndThinReplicatedVolumesAreTaggedLvsWithDrbdUpToDateOnBothHosts() {
    // 96 MiB: room for the client's 64 MiB beside DRBD's internal metadata.
    client.resource(E2eResources.volume("thick", "96Mi", Provisioning.THICK)).create();
    client.resource(E2eResources.volume("thin", "128Mi", Provisioning.THIN)).create();
    for (String name : List.of("thick", "thin")) {
      Volume ready = awaitReady(name);
      String lv = ready.getStatus().getLocalName();
      int minor = ready.getStatus().getDrbd().getMinor();
      for (String host : Topology.STORAGE_HOSTS) {
        Vm vm = cluster.vm(host);
        String lvs =
            vm.execOk("lvs", "--noheadings", "-o", "lv_name,lv_tags,lv_attr", "volumes").stdout();
        assertThat(lvs)
            .as("lvs on %s", host)
            .containsPattern(
                lv + "\\s+" + TAG.replace(".", "\\.") + "\\s+" + (name.equals("thin") ? "V" : "-"));
        String line = procDrbdLine(vm, minor);
        System.out.printf("%s %s (%s): /proc/drbd %s%n", host, name, lv, line.strip());
        assertThat(line).contains("cs:Connected").contains("ds:UpToDate/UpToDate");
      }
    }
    // The thin volume's first sync was skipped (both LVs were fresh and read as zeros): the
    // secondary's thin LV holds only DRBD's metadata, not a full copy.
    String thinLv =
        client
            .resources(Volume.class)
            .inNamespace(NS)
            .withName("thin")
            .get()
            .getStatus()
            .getLocalName();
    String written =
        cluster
            .vm(Topology.HCI_2)
            .execOk("lvs", "--noheadings", "-o", "data_percent", "volumes/" + thinLv)
            .stdout()
            .strip();
    System.out.println("hci-0002 thin LV written after the skipped initial sync: " + written + "%");
    assertThat(Double.parseDouble(written)).isLessThan(10.0);
  }

  @Test
  @Order(2)
  void theClientWritesThroughAnExportAndReadsTheSameDataAfterASwitchover() {
    client.resource(E2eResources.export("attach", "thick")).create();
    VolumeExport exported = awaitExportOn("attach", "hci-0001");
    String iqn = exported.getStatus().getTargetIqn();
    String portal1 = Topology.portalAddress(Topology.HCI_1) + ":" + Topology.ISCSI_PORT;
    assertThat(exported.getStatus().getTargetPortals()).containsExactly(portal1);

    Vm clientVm = cluster.vm(Topology.CLIENT);
    String device = IscsiClient.login(clientVm, portal1, iqn, exported.getStatus().getTargetLun());
    clientVm.execOk(
        List.of("dd", "if=/dev/urandom", "of=/tmp/data", "bs=1M", "count=64"),
        Duration.ofMinutes(2));
    clientVm.execOk(
        List.of("dd", "if=/tmp/data", "of=" + device, "bs=1M", "oflag=direct"),
        Duration.ofMinutes(3));
    checksum = IscsiClient.md5(clientVm, List.of("md5sum", "/tmp/data"));
    System.out.println("written through " + portal1 + ": md5 " + checksum);
    IscsiClient.logout(clientVm, portal1, iqn);

    client
        .resources(FailoverPolicy.class)
        .withName("hci-pair")
        .edit(
            p -> {
              p.getSpec().setActiveBackend("hci-0002@EBS");
              return p;
            });
    VolumeExport moved = awaitExportOn("attach", "hci-0002");
    String portal2 = Topology.portalAddress(Topology.HCI_2) + ":" + Topology.ISCSI_PORT;
    assertThat(moved.getStatus().getTargetPortals()).containsExactly(portal2);
    assertThat(moved.getStatus().getTargetIqn()).isEqualTo(iqn);

    assertThat(moved.getStatus().getTargetLun()).as("tgt's LUN 0 is its controller").isEqualTo(1);
    String moved2 = IscsiClient.login(clientVm, portal2, iqn, moved.getStatus().getTargetLun());
    String readBack =
        IscsiClient.md5(
            clientVm,
            List.of(
                "sh",
                "-c",
                "dd if=" + moved2 + " bs=1M count=64 iflag=direct 2>/dev/null | md5sum"));
    System.out.println("read through " + portal2 + " after the switchover: md5 " + readBack);
    assertThat(readBack).isEqualTo(checksum);
    IscsiClient.logout(clientVm, portal2, iqn);
    Volume thick = client.resources(Volume.class).inNamespace(NS).withName("thick").get();
    int minor = thick.getStatus().getDrbd().getMinor();
    assertThat(procDrbdLine(cluster.vm(Topology.HCI_2), minor)).contains("ro:Primary/Secondary");
    assertThat(procDrbdLine(cluster.vm(Topology.HCI_1), minor)).contains("ro:Secondary/Primary");
  }

  @Test
  @Order(3)
  void deletingLeavesNoLvDrbdResourceOrTargetOnEitherHost() {
    client.resources(VolumeExport.class).inNamespace(NS).withName("attach").delete();
    client.resources(Volume.class).inNamespace(NS).delete();
    await()
        .atMost(Duration.ofMinutes(3))
        .until(() -> client.resources(Volume.class).inNamespace(NS).list().getItems().isEmpty());
    for (String host : Topology.STORAGE_HOSTS) {
      Vm vm = cluster.vm(host);
      assertThat(vm.execOk("lvs", "--noheadings", "-o", "lv_name", "volumes").stdout().strip())
          .as(host)
          .isEqualTo("pool");
      assertThat(vm.readString("/proc/drbd")).as(host).doesNotContainPattern("\\d+: cs:");
      assertThat(vm.execOk("ls", "/etc/drbd.d").stdout()).as(host).doesNotContain("ebs-");
      String targets =
          vm.execOk("sh", "-c", "ls /sys/kernel/config/target/iscsi 2>/dev/null; true").stdout();
      assertThat(targets).as(host).doesNotContain("iqn.");
      if (TGT_HOST.equals(host)) {
        String tgt =
            vm.execOk("tgtadm", "--lld", "iscsi", "--mode", "target", "--op", "show").stdout();
        assertThat(tgt).as("tgt targets on " + host).doesNotContain("Target ");
      }
    }
  }

  @Test
  @Order(4)
  void drbd9ResourceFilesAreAcceptedByDrbdadm() {
    // The VMs have DRBD 8.4, and drbd-utils then parses with its 8.4 grammar; the override makes
    // drbdadm parse as for a DRBD 9 kernel. dump shows resources of this host, so the client is
    // the local end here.
    DrbdResourceConfig config =
        new DrbdResourceConfig(
            "ebs-drbd9",
            1000,
            7001,
            DrbdProtocol.C,
            new DrbdResourceConfig.Endpoint(
                Topology.CLIENT, "10.0.10.23", "/dev/volumes/ebs-drbd9"),
            new DrbdResourceConfig.Endpoint(
                Topology.HCI_2, Topology.replicationAddress(Topology.HCI_2), null),
            102400);
    Vm vm = cluster.vm(Topology.CLIENT);
    vm.writeString("/tmp/ebs-drbd9.res", DrbdConfigRenderer.render(config, DrbdFlavor.V9));
    String dump =
        vm.execOk(
                List.of(
                    "env",
                    "DRBD_DRIVER_VERSION_OVERRIDE=9.2.0",
                    "drbdadm",
                    "-c",
                    "/tmp/ebs-drbd9.res",
                    "dump",
                    "ebs-drbd9"),
                Duration.ofSeconds(30))
            .stdout();
    System.out.println("drbdadm (DRBD 9 grammar) dump of a rendered DRBD 9 file:\n" + dump);
    assertThat(dump)
        .contains("node-id 0;")
        .contains("node-id 1;")
        .contains("fencing")
        .contains("resource-only")
        .contains("connection-mesh");
  }

  /**
   * A storage host as an install makes it: VG and thin pool, the drbd module, the node daemon.
   * hci-0002 uses tgt instead of LIO, so the switchover crosses both target helpers.
   */
  private void prepare(String host) {
    StorageHostSetup setup = new StorageHostSetup(cluster, host);
    Vm vm = setup.vm();
    setup.createVolumeGroup(400);
    vm.execOk("modprobe", "drbd");
    String config = setup.daemonConfig("real");
    if (TGT_HOST.equals(host)) {
      vm.execOk(
          List.of(
              "start-stop-daemon",
              "--start",
              "--background",
              "--exec",
              "/usr/sbin/tgtd",
              "--",
              "-f"),
          Duration.ofSeconds(30));
      await("tgtd on " + host)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  vm.exec(List.of("tgtadm", "--lld", "iscsi", "--mode", "target", "--op", "show"))
                          .exitCode()
                      == 0);
      config = config.replace("  type: real\n", "  type: real\n  targetHelper: tgtadm\n");
    }
    daemons.put(host + "@EBS", setup.startNodeDaemonWithConfig(config, Duration.ofMinutes(2)));
  }

  /** Each daemon has its own token here; the operator's factory picks the node's. */
  private NodeApiFactory nodeApis() {
    HttpClient http = NodeApiClient.newHttpClient(Duration.ofSeconds(10));
    return node -> {
      NodeDaemonProcess daemon = daemons.get(node.getSpec().getBackendId());
      return new NodeApiClient(
          URI.create("http://127.0.0.1:" + node.getSpec().getPort()),
          daemon::token,
          SETTINGS.nodeCallTimeout(),
          http);
    };
  }

  private Volume awaitReady(String name) {
    try {
      await("volume " + name + " Ready")
          .atMost(VOLUME_READY)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                Volume v = client.resources(Volume.class).inNamespace(NS).withName(name).get();
                return v.getStatus() != null
                    && Conditions.isTrue(v.getStatus(), ConditionType.Ready);
              });
    } catch (RuntimeException e) {
      explain();
      throw e;
    }
    return client.resources(Volume.class).inNamespace(NS).withName(name).get();
  }

  /** Prints what the operator and the daemons saw, for a failure's reader. */
  private void explain() {
    System.out.println(
        "--- resources\n"
            + Serialization.asYaml(client.resources(Volume.class).inNamespace(NS).list()));
    System.out.println(
        Serialization.asYaml(client.resources(VolumeExport.class).inNamespace(NS).list()));
    System.out.println(Serialization.asYaml(client.resources(StorageNode.class).list()));
    daemons.forEach(
        (host, daemon) ->
            System.out.println("--- daemon log of " + host + "\n" + daemon.logText()));
  }

  private VolumeExport awaitExportOn(String name, String node) {
    try {
      awaitExport(name, node);
    } catch (RuntimeException e) {
      explain();
      throw e;
    }
    return client.resources(VolumeExport.class).inNamespace(NS).withName(name).get();
  }

  private void awaitExport(String name, String node) {
    await("export " + name + " on " + node)
        .atMost(VOLUME_READY)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              VolumeExport e =
                  client.resources(VolumeExport.class).inNamespace(NS).withName(name).get();
              return e.getStatus() != null
                  && node.equals(e.getStatus().getNode())
                  && Conditions.isTrue(e.getStatus(), ConditionType.Ready);
            });
  }

  private static String procDrbdLine(Vm vm, int minor) {
    return vm.readString("/proc/drbd")
        .lines()
        .filter(l -> l.strip().startsWith(minor + ":"))
        .findFirst()
        .orElse("(minor " + minor + " not in /proc/drbd)");
  }
}

package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.real.DrbdConfigRenderer;
import io.ovt.ebs.daemon.real.DrbdFlavor;
import io.ovt.ebs.nodeapi.DrbdProtocol;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
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
  private static final String TGT_HOST = Topology.HCI_2;

  @RegisterExtension static final VmClusterExtension VMS = new VmClusterExtension();

  private OperatorOnVms ops;
  private VmCluster cluster;
  private KubernetesClient client;
  private String checksum;

  @BeforeAll
  void startStorageAndOperator() {
    ops = new OperatorOnVms(VMS.cluster(), TGT_HOST);
    cluster = ops.cluster;
    client = ops.client;
  }

  @AfterAll
  void stop() {
    if (ops != null) {
      ops.close();
    }
  }

  @Test
  @Order(1)
  void thickAndThinReplicatedVolumesAreTaggedLvsWithDrbdUpToDateOnBothHosts() {
    // 96 MiB: room for the client's 64 MiB beside DRBD's internal metadata.
    client.resource(E2eResources.volume("thick", "96Mi", Provisioning.THICK)).create();
    client.resource(E2eResources.volume("thin", "128Mi", Provisioning.THIN)).create();
    for (String name : List.of("thick", "thin")) {
      Volume ready = ops.awaitVolumeReady(name);
      String lv = ready.getStatus().getLocalName();
      int minor = ready.getStatus().getDrbd().getMinor();
      for (String host : Topology.STORAGE_HOSTS) {
        Vm vm = cluster.vm(host);
        // Only the project's tag once synced: a skipped sync's zeroed tag goes on the PUT after.
        Pattern tagged =
            Pattern.compile(
                lv + "\\s+" + TAG.replace(".", "\\.") + "\\s+" + (name.equals("thin") ? "V" : "-"));
        ops.awaitUntil(
            "lvs on " + host + " showing " + lv + " with the project's tag only",
            () ->
                vm.execOk("lvs", "--noheadings", "-o", "lv_name,lv_tags,lv_attr", "volumes")
                    .stdout(),
            lvs -> tagged.matcher(lvs).find());
        String line = OperatorOnVms.procDrbdLine(vm, minor);
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
    VolumeExport exported = ops.awaitExportOn("attach", "hci-0001");
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
    VolumeExport moved = ops.awaitExportOn("attach", "hci-0002");
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
    assertThat(OperatorOnVms.procDrbdLine(cluster.vm(Topology.HCI_2), minor))
        .contains("ro:Primary/Secondary");
    assertThat(OperatorOnVms.procDrbdLine(cluster.vm(Topology.HCI_1), minor))
        .contains("ro:Secondary/Primary");
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
        .contains("resource-and-stonith")
        .contains("connection-mesh");
  }
}

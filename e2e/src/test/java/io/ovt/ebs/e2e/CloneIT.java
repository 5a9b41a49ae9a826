package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.crds.volume.VolumeSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clones on real LVM and DRBD, through custom resources only: the client writes random data to a
 * replicated thin volume, which is cloned thick (a block copy through a temporary snapshot) and
 * thin (a thin snapshot); each clone is exported and reads the same md5, both DRBD sides of each
 * clone are UpToDate after its full sync, and later writes to the source do not reach the clones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloneIT {
  private static final String NS = "default";
  private static final int DATA_MIB = 32;
  private static final String PORTAL =
      Topology.portalAddress(Topology.HCI_1) + ":" + Topology.ISCSI_PORT;

  @RegisterExtension static final VmClusterExtension VMS = new VmClusterExtension();

  private OperatorOnVms ops;
  private VmCluster cluster;
  private KubernetesClient client;
  private String checksum;

  @BeforeAll
  void startStorageAndOperator() {
    ops = new OperatorOnVms(VMS.cluster(), null);
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
  void theClientWritesRandomDataToAReplicatedVolume() {
    client.resource(E2eResources.volume("src", "48Mi", Provisioning.THIN)).create();
    ops.awaitVolumeReady("src");
    client.resource(E2eResources.export("src-attach", "src")).create();
    String written = writeRandom("src-attach", "/tmp/data");
    checksum = written;
    System.out.println("client wrote " + DATA_MIB + " MiB to src: md5 " + checksum);
  }

  @Test
  @Order(2)
  void thickAndThinClonesReadTheSameDataAndBothTheirReplicasAreUpToDate() {
    client.resource(clone("clone-thick", Provisioning.THICK)).create();
    client.resource(clone("clone-thin", Provisioning.THIN)).create();
    for (String name : List.of("clone-thick", "clone-thin")) {
      Volume ready = ops.awaitVolumeReady(name);
      assertThat(ready.getStatus().getSourceCopied()).isTrue();
      int minor = ready.getStatus().getDrbd().getMinor();
      for (String host : Topology.STORAGE_HOSTS) {
        String line = OperatorOnVms.procDrbdLine(cluster.vm(host), minor);
        System.out.printf("%s %s: /proc/drbd %s%n", host, name, line.strip());
        assertThat(line).contains("cs:Connected").contains("ds:UpToDate/UpToDate");
      }
      String lvs =
          cluster
              .vm(Topology.HCI_1)
              .execOk(
                  "lvs",
                  "--noheadings",
                  "-o",
                  "lv_name,lv_attr,origin,lv_tags",
                  "volumes/" + ready.getStatus().getLocalName())
              .stdout()
              .strip();
      System.out.println("hci-0001 " + name + ": " + lvs);
      String sourceLv = localName("src");
      if (name.equals("clone-thin")) {
        assertThat(lvs).as("a thin snapshot of the source").contains(sourceLv);
      } else {
        assertThat(lvs).doesNotContain(sourceLv).doesNotContain("ebs.ovt.io-init");
      }
      client.resource(E2eResources.export(name + "-attach", name)).create();
      String read = readMd5(name + "-attach");
      System.out.println(name + " read through its export: md5 " + read);
      assertThat(read).isEqualTo(checksum);
    }
    assertThat(cluster.vm(Topology.HCI_1).execOk("lvs", "--noheadings", "-o", "lv_name").stdout())
        .as("temporary snapshots are gone")
        .doesNotContain("-src");
  }

  @Test
  @Order(3)
  void laterWritesToTheSourceDoNotReachTheClones() {
    String rewritten = writeRandom("src-attach", "/tmp/data2");
    System.out.println("client rewrote src: md5 " + rewritten);
    assertThat(rewritten).isNotEqualTo(checksum);
    for (String name : List.of("clone-thick", "clone-thin")) {
      assertThat(readMd5(name + "-attach")).as(name).isEqualTo(checksum);
    }
  }

  @Test
  @Order(4)
  void theSourceOfAThinCloneIsKeptUntilTheCloneIsGone() {
    for (String export : List.of("src-attach", "clone-thick-attach", "clone-thin-attach")) {
      client.resources(VolumeExport.class).inNamespace(NS).withName(export).delete();
    }
    client.resources(Volume.class).inNamespace(NS).withName("src").delete();
    await("src blocked by its thin clone")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                Conditions.find(volume("src").getStatus(), ConditionType.Ready)
                    .map(c -> c.getMessage().contains("Volume clone-thin"))
                    .orElse(false));
    System.out.println(
        "deleting src: "
            + Conditions.find(volume("src").getStatus(), ConditionType.Ready)
                .orElseThrow()
                .getMessage());
    client.resources(Volume.class).inNamespace(NS).delete();
    await()
        .atMost(Duration.ofMinutes(3))
        .until(() -> client.resources(Volume.class).inNamespace(NS).list().getItems().isEmpty());
    for (String host : Topology.STORAGE_HOSTS) {
      assertThat(
              cluster
                  .vm(host)
                  .execOk("lvs", "--noheadings", "-o", "lv_name", "volumes")
                  .stdout()
                  .strip())
          .as(host)
          .isEqualTo("pool");
    }
  }

  /** The client logs in, writes DATA_MIB of fresh random data, logs out; returns its md5. */
  private String writeRandom(String export, String file) {
    VolumeExport exported = ops.awaitExportOn(export, Topology.HCI_1);
    Vm vm = cluster.vm(Topology.CLIENT);
    String iqn = exported.getStatus().getTargetIqn();
    String device = IscsiClient.login(vm, PORTAL, iqn, exported.getStatus().getTargetLun());
    vm.execOk(
        List.of("dd", "if=/dev/urandom", "of=" + file, "bs=1M", "count=" + DATA_MIB),
        Duration.ofMinutes(2));
    vm.execOk(
        List.of("dd", "if=" + file, "of=" + device, "bs=1M", "oflag=direct"),
        Duration.ofMinutes(3));
    IscsiClient.logout(vm, PORTAL, iqn);
    return IscsiClient.md5(vm, List.of("md5sum", file));
  }

  /** The md5 of the first DATA_MIB the client reads through the export. */
  private String readMd5(String export) {
    VolumeExport exported = ops.awaitExportOn(export, Topology.HCI_1);
    Vm vm = cluster.vm(Topology.CLIENT);
    String iqn = exported.getStatus().getTargetIqn();
    String device = IscsiClient.login(vm, PORTAL, iqn, exported.getStatus().getTargetLun());
    String md5 =
        IscsiClient.md5(
            vm,
            List.of(
                "sh",
                "-c",
                "dd if="
                    + device
                    + " bs=1M count="
                    + DATA_MIB
                    + " iflag=direct 2>/dev/null"
                    + " | md5sum"));
    IscsiClient.logout(vm, PORTAL, iqn);
    return md5;
  }

  private static Volume clone(String name, Provisioning provisioning) {
    Volume volume = E2eResources.volume(name, "48Mi", provisioning);
    VolumeSource source = new VolumeSource();
    source.setVolume("src");
    volume.getSpec().setSource(source);
    return volume;
  }

  private Volume volume(String name) {
    return ops.volume(name);
  }

  private String localName(String name) {
    return volume(name).getStatus().getLocalName();
  }
}

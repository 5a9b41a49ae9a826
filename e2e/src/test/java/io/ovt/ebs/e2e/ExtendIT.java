package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Online extend on real storage, through custom resources only: a replicated thick and a replicated
 * thin volume, each exported to the client VM, which writes to it; spec.size grows; both LVs grow,
 * DRBD grows on both hosts, and after a rescan the client sees the new size, its data unchanged and
 * the new region writable. The thick volume is served by LIO on hci-0001, the thin one by tgt on
 * hci-0002, so both target helpers show the grown LUN.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExtendIT {
  private static final String NS = E2eResources.NS;
  private static final long MIB = 1L << 20;
  private static final String TGT_HOST = Topology.HCI_2;

  /** TCG guests run storage commands slowly: give node calls and reconciles room. */
  @RegisterExtension static final VmClusterExtension VMS = new VmClusterExtension();

  private OperatorOnVms ops;
  private VmCluster cluster;
  private KubernetesClient client;

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

  @ParameterizedTest
  @EnumSource(Provisioning.class)
  void anExportedVolumeGrowsWhileTheClientUsesItAndKeepsItsData(Provisioning provisioning) {
    String name = provisioning.name().toLowerCase(Locale.ROOT);
    String server = provisioning == Provisioning.THIN ? TGT_HOST : Topology.HCI_1;
    serveNewVolumesFrom(server);
    client.resource(E2eResources.volume(name, "64Mi", provisioning)).create();
    Volume ready =
        ops.awaitUntil("volume " + name + " Ready", () -> ops.volume(name), ExtendIT::isReady);
    assertThat(ready.getStatus().getPrimaryNode()).isEqualTo(server);
    String lv = ready.getStatus().getLocalName();
    int minor = ready.getStatus().getDrbd().getMinor();
    assertThat(ready.getStatus().getSizeBytes()).isGreaterThanOrEqualTo(64 * MIB);

    client.resource(E2eResources.export(name, name)).create();
    VolumeExport exported =
        ops.awaitUntil(
            "export " + name,
            () -> ops.export(name),
            e -> e.getStatus() != null && Conditions.isTrue(e.getStatus(), ConditionType.Ready));
    String iqn = exported.getStatus().getTargetIqn();
    String portal = Topology.portalAddress(server) + ":" + Topology.ISCSI_PORT;
    Vm clientVm = cluster.vm(Topology.CLIENT);
    String device = IscsiClient.login(clientVm, portal, iqn, exported.getStatus().getTargetLun());
    long before = sizeOf(clientVm, device);
    assertThat(before)
        .as("the client sees at least the size asked")
        .isGreaterThanOrEqualTo(64 * MIB);
    clientVm.execOk(
        List.of("dd", "if=/dev/urandom", "of=/tmp/" + name, "bs=1M", "count=32"),
        Duration.ofMinutes(2));
    clientVm.execOk(
        List.of("dd", "if=/tmp/" + name, "of=" + device, "bs=1M", "oflag=direct"),
        Duration.ofMinutes(3));
    String written = IscsiClient.md5(clientVm, List.of("md5sum", "/tmp/" + name));

    // Retried: the operator's status writes may come between our read and our write.
    await("spec.size of " + name + " set")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .until(
            () ->
                client
                        .resources(Volume.class)
                        .inNamespace(NS)
                        .withName(name)
                        .edit(
                            v -> {
                              v.getSpec().setSize("160Mi");
                              return v;
                            })
                    != null);
    Volume grown =
        ops.awaitUntil(
            "volume " + name + " grown",
            () -> ops.volume(name),
            v -> isReady(v) && v.getStatus().getSizeBytes() >= 160 * MIB);
    for (String host : Topology.STORAGE_HOSTS) {
      Vm vm = cluster.vm(host);
      long lvBytes =
          Long.parseLong(
              vm.execOk(
                      "lvs",
                      "--noheadings",
                      "--units",
                      "b",
                      "--nosuffix",
                      "-o",
                      "lv_size",
                      "volumes/" + lv)
                  .stdout()
                  .strip());
      long drbdBytes =
          Long.parseLong(vm.readString("/sys/block/drbd" + minor + "/size").strip()) * 512;
      System.out.printf(
          "%s %s: LV %d bytes, DRBD device %d bytes (metadata %d bytes)%n",
          host, name, lvBytes, drbdBytes, lvBytes - drbdBytes);
      assertThat(drbdBytes).as("DRBD on %s", host).isGreaterThanOrEqualTo(160 * MIB);
      assertThat(drbdBytes)
          .as("the internal metadata DRBD 8.4 keeps: bitmap in 4 KiB blocks + 36 KiB")
          .isEqualTo(lvBytes - ((lvBytes / 32768 + 4095) / 4096) * 4096 - 36 * 1024);
      assertThat(drbdBytes)
          .as("status reports the real device")
          .isEqualTo(grown.getStatus().getSizeBytes());
    }

    // open-iscsi rescans every LUN of the session, which re-reads its capacity (LIO reports the
    // device's size as it is; tgt's LUN was reopened by the daemon).
    clientVm.execOk(List.of("iscsiadm", "-m", "session", "--rescan"), Duration.ofSeconds(60));
    await("client sees the new size of " + name)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> sizeOf(clientVm, device) == grown.getStatus().getSizeBytes());
    System.out.printf(
        "client: %s grew from %d to %d bytes%n", name, before, sizeOf(clientVm, device));
    String readBack =
        IscsiClient.md5(
            clientVm,
            List.of(
                "sh",
                "-c",
                "dd if=" + device + " bs=1M count=32 iflag=direct 2>/dev/null | md5sum"));
    assertThat(readBack).as("the data written before the growth").isEqualTo(written);
    // 8 MiB at 128 MiB: beyond the old end, inside the new one.
    clientVm.execOk(
        List.of("dd", "if=/dev/urandom", "of=/tmp/" + name + "-tail", "bs=1M", "count=8"),
        Duration.ofMinutes(1));
    clientVm.execOk(
        List.of(
            "dd", "if=/tmp/" + name + "-tail", "of=" + device, "bs=1M", "seek=128", "oflag=direct"),
        Duration.ofMinutes(2));
    assertThat(
            IscsiClient.md5(
                clientVm,
                List.of(
                    "sh",
                    "-c",
                    "dd if="
                        + device
                        + " bs=1M skip=128 count=8 iflag=direct 2>/dev/null | md5sum")))
        .isEqualTo(IscsiClient.md5(clientVm, List.of("md5sum", "/tmp/" + name + "-tail")));

    IscsiClient.logout(clientVm, portal, iqn);
    // Deletion is RealStorageIT's subject; here it only frees room, so nobody waits for it.
    client.resources(VolumeExport.class).inNamespace(NS).withName(name).delete();
    client.resources(Volume.class).inNamespace(NS).withName(name).delete();
  }

  /** Makes the node the pair's active one, which serves volumes created from then on. */
  private void serveNewVolumesFrom(String host) {
    await("active backend " + host)
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .until(
            () ->
                client
                        .resources(FailoverPolicy.class)
                        .withName("hci-pair")
                        .edit(
                            p -> {
                              p.getSpec().setActiveBackend(host + "@EBS");
                              return p;
                            })
                    != null);
    await("policy reconciled for " + host)
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              FailoverPolicy p = client.resources(FailoverPolicy.class).withName("hci-pair").get();
              return p.getStatus() != null && host.equals(p.getStatus().getActiveNode());
            });
  }

  private static boolean isReady(Volume v) {
    return v != null
        && v.getStatus() != null
        && v.getStatus().getSizeBytes() != null
        && Conditions.isTrue(v.getStatus(), ConditionType.Ready);
  }

  private static long sizeOf(Vm vm, String device) {
    return Long.parseLong(vm.execOk("blockdev", "--getsize64", device).stdout().strip());
  }
}

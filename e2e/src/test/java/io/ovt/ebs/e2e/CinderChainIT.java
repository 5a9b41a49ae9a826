package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovt.ebs.cinderdriver.CinderWithEbsDriver;
import io.ovt.ebs.cindersync.client.Service;
import io.ovt.ebs.crds.node.NodeState;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain onto real storage: the {@code openstack} CLI drives Debian's real Cinder, which
 * drives the EBS Cinder driver, which writes the custom resources the real operator on the host
 * turns into LVM, DRBD and LIO in the storage VMs. A volume of a replicated type is attached to the
 * client VM through {@code os-initialize_connection} (what Nova calls), written, detached; {@code
 * cinder failover-host} moves the backend to the standby; attached again, it is served by the
 * standby and reads back the same data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CinderChainIT {
  private static final String HOST = CinderWithEbsDriver.HOST; // hci-0001@EBS
  private static final String SECONDARY = CinderWithEbsDriver.SECONDARY; // hci-0002@EBS

  /** Each driver call, and each wait on Cinder: TCG guests take minutes for some steps. */
  private static final Duration WAIT = Duration.ofMinutes(8);

  private static final int DATA_MIB = 16;

  @RegisterExtension static final VmClusterExtension VMS = new VmClusterExtension();
  @TempDir static Path home;

  private final long started = System.nanoTime();
  private VmCluster cluster;
  private OperatorOnVms ops;
  private CinderWithEbsDriver cinder;
  private Vm clientVm;

  @BeforeAll
  void cinderOnTheOperatorOnTheVms() throws Exception {
    cluster = VMS.cluster();
    ops = new OperatorOnVms(cluster, null);
    clientVm = cluster.vm(Topology.CLIENT);
    // the driver's stats come from the StorageNodes: Cinder's scheduler places a volume only on a
    // backend that reports its capacity
    ops.awaitUntil(
        "both StorageNodes up with their capacity",
        () -> ops.client.resources(StorageNode.class).list().getItems(),
        nodes ->
            nodes.size() == 2
                && nodes.stream()
                    .allMatch(
                        n ->
                            n.getStatus() != null
                                && n.getStatus().getState() == NodeState.UP
                                && n.getStatus().getCapacity() != null
                                && n.getStatus().getCapacity().getVgSizeBytes() != null));
    step("storage hosts serving, operator running");
    cinder =
        CinderWithEbsDriver.start(
            home.resolve("cinder"),
            ops.writeKubeconfig(home.resolve("kubeconfig")),
            OperatorOnVms.NS,
            WAIT,
            Map.of());
    // thin: a 1 GiB volume (Cinder's smallest) fits the VMs' 400 MiB thin pool, and its first
    // DRBD sync is skipped (both fresh thin LVs read as zeros)
    cinder.openstack(
        "volume",
        "type",
        "create",
        "ebs-thin",
        "--property",
        "volume_backend_name=ebs",
        "--property",
        "replication_enabled=<is> True",
        "--property",
        "provisioning:type=thin");
    await("the driver's stats with the scheduler")
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(cinder.cinderCli("get-pools")).contains(HOST + "#ebs"));
    step("Cinder serving with the EBS driver");
  }

  @AfterAll
  void stop() throws IOException {
    if (cinder != null) {
      cinder.close();
      cinder.keepLog("target/failsafe-reports", "cinder-chain-cinder.log");
    }
    if (ops != null) {
      ops.close();
    }
  }

  @Test
  void aVolumeWrittenFromTheClientReadsBackThroughTheStandbyAfterFailoverHostAndAfterFailback()
      throws Exception {
    String id = cinder.create("ebs-thin", "chain", "--size", "1");
    assertThat(cinder.volume(id).replicationStatus()).isEqualTo("enabled");
    assertThat(cinder.volume(id).host()).isEqualTo(HOST + "#ebs");
    String name = "cinder-" + id;
    Volume ebs = ops.awaitVolumeReady(name);
    assertThat(ebs.getStatus().getPrimaryNode()).isEqualTo(Topology.HCI_1);
    step("volume " + id + " available, replicated, Ready on " + ebs.getStatus().getPrimaryNode());

    JsonNode first = attach(id);
    String portal1 = Topology.portalAddress(Topology.HCI_1) + ":" + Topology.ISCSI_PORT;
    assertThat(first.path("target_portal").asText()).isEqualTo(portal1);
    String iqn = first.path("target_iqn").asText();
    String device = IscsiClient.login(clientVm, portal1, iqn, first.path("target_lun").asInt());
    clientVm.execOk(
        List.of("dd", "if=/dev/urandom", "of=/tmp/chain", "bs=1M", "count=" + DATA_MIB),
        Duration.ofMinutes(2));
    clientVm.execOk(
        List.of("dd", "if=/tmp/chain", "of=" + device, "bs=1M", "oflag=direct"),
        Duration.ofMinutes(3));
    String written = IscsiClient.md5(clientVm, List.of("md5sum", "/tmp/chain"));
    IscsiClient.logout(clientVm, portal1, iqn);
    detach(id);
    step("written " + DATA_MIB + " MiB through " + portal1 + " (md5 " + written + "), detached");

    // the standby must be up to date for the operator to fail over to it
    ops.awaitVolumeReady(name);
    Service s = cinder.failoverHost(SECONDARY);
    step("failover-host to " + SECONDARY + ": " + s.replicationStatus());
    // what Cinder shows, per the contract
    assertThat(s.replicationStatus()).isEqualTo("failed-over");
    assertThat(s.status()).isEqualTo("disabled");
    assertThat(s.disabledReason()).isEqualTo("failed-over");
    assertThat(s.activeBackendId()).isEqualTo(SECONDARY);
    assertThat(cinder.volume(id).replicationStatus()).isEqualTo("failed-over");
    assertThat(cinder.volume(id).status()).isEqualTo("available");
    // and what the operator did
    FailoverPolicy policy = ops.client.resources(FailoverPolicy.class).withName("hci-pair").get();
    assertThat(policy.getSpec().getActiveBackend()).isEqualTo(SECONDARY);
    assertThat(policy.getStatus().getActiveNode()).isEqualTo(Topology.HCI_2);
    ops.awaitUntil(
        "Volume " + name + " served by hci-0002",
        () -> ops.volume(name),
        v -> v.getStatus() != null && Topology.HCI_2.equals(v.getStatus().getPrimaryNode()));

    JsonNode second = attach(id);
    String portal2 = Topology.portalAddress(Topology.HCI_2) + ":" + Topology.ISCSI_PORT;
    assertThat(second.path("target_portal").asText()).isEqualTo(portal2);
    VolumeExport export = exportOf(name);
    assertThat(export.getStatus().getNode()).isEqualTo(Topology.HCI_2);
    String iqn2 = second.path("target_iqn").asText();
    String device2 = IscsiClient.login(clientVm, portal2, iqn2, second.path("target_lun").asInt());
    String readBack = md5Of(device2);
    step("read back through " + portal2 + " after failover-host: md5 " + readBack);
    assertThat(readBack).isEqualTo(written);
    IscsiClient.logout(clientVm, portal2, iqn2);
    detach(id);

    // failback: backend id "default" is the service's own backend again
    ops.awaitVolumeReady(name);
    s = cinder.failoverHost("default");
    step("failover-host to default: " + s.replicationStatus());
    assertThat(s.replicationStatus()).isEqualTo("enabled");
    assertThat(s.status()).isEqualTo("enabled");
    assertThat(s.activeBackendId()).isNullOrEmpty();
    assertThat(cinder.volume(id).replicationStatus()).isEqualTo("enabled");
    ops.awaitUntil(
        "Volume " + name + " served by hci-0001 again",
        () -> ops.volume(name),
        v -> v.getStatus() != null && Topology.HCI_1.equals(v.getStatus().getPrimaryNode()));
    JsonNode third = attach(id);
    assertThat(third.path("target_portal").asText()).isEqualTo(portal1);
    String iqn3 = third.path("target_iqn").asText();
    String device3 = IscsiClient.login(clientVm, portal1, iqn3, third.path("target_lun").asInt());
    assertThat(md5Of(device3))
        .as("read back through hci-0001 after the failback")
        .isEqualTo(written);
    IscsiClient.logout(clientVm, portal1, iqn3);
    detach(id);
    step("failed back, read back through " + portal1);

    cinder.openstack("volume", "delete", id);
    await("volume " + id + " gone from Cinder and Kubernetes")
        .atMost(cinder.waitLimit())
        .until(() -> !cinder.hasVolume(id) && ops.volume(name) == null);
    String lv = ebs.getStatus().getLocalName();
    for (String host : Topology.STORAGE_HOSTS) {
      assertThat(cluster.vm(host).execOk("lvs", "--noheadings", "-o", "lv_name").stdout())
          .as("LVs on " + host)
          .doesNotContain(lv);
    }
    step("deleted, LV " + lv + " gone from both hosts");
  }

  /** The md5 of the first {@link #DATA_MIB} MiB of the client's device, read with O_DIRECT. */
  private String md5Of(String device) {
    return IscsiClient.md5(
        clientVm,
        List.of(
            "sh",
            "-c",
            "dd if=" + device + " bs=1M count=" + DATA_MIB + " iflag=direct 2>/dev/null | md5sum"));
  }

  /** {@code os-initialize_connection} for the client VM's initiator; its connection data. */
  private JsonNode attach(String id) throws Exception {
    JsonNode info =
        cinder
            .action(id, "os-initialize_connection", Map.of("connector", connector()))
            .path("connection_info");
    assertThat(info.path("driver_volume_type").asText()).isEqualTo("iscsi");
    JsonNode data = info.path("data");
    VolumeExport export = exportOf("cinder-" + id);
    assertThat(export.getSpec().getInitiators()).containsExactly(Topology.CLIENT_IQN);
    assertThat(data.path("target_iqn").asText()).isEqualTo(export.getStatus().getTargetIqn());
    assertThat(data.path("target_lun").asInt()).isEqualTo(export.getStatus().getTargetLun());
    return data;
  }

  /** {@code os-terminate_connection}: the driver deletes the export. */
  private void detach(String id) throws Exception {
    cinder.action(id, "os-terminate_connection", Map.of("connector", connector()));
    assertThat(
            ops
                .client
                .resources(VolumeExport.class)
                .inNamespace(OperatorOnVms.NS)
                .list()
                .getItems()
                .stream()
                .filter(e -> e.getSpec().getVolume().equals("cinder-" + id)))
        .isEmpty();
  }

  private static Map<String, Object> connector() {
    return Map.of("initiator", Topology.CLIENT_IQN, "host", Topology.CLIENT, "multipath", false);
  }

  private VolumeExport exportOf(String volume) {
    List<VolumeExport> exports =
        ops
            .client
            .resources(VolumeExport.class)
            .inNamespace(OperatorOnVms.NS)
            .list()
            .getItems()
            .stream()
            .filter(e -> e.getSpec().getVolume().equals(volume))
            .toList();
    assertThat(exports).hasSize(1);
    return exports.get(0);
  }

  private void step(String what) {
    System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, what);
  }
}

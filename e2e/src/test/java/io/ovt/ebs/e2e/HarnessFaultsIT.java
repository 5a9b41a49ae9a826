package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fault tools the failover tests stand on, proven on the VMs without the operator: a NIC taken
 * down in a guest (DRBD loses its peer; the daemon becomes unreachable), the client's
 * acknowledged-write journal read back through LIO, and the verifier catching damaged blocks. A
 * storage host killed and restarted on its own disks is exercised by {@link FailoverIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HarnessFaultsIT {
  private static final String IQN = "iqn.2010-10.io.ovt.ebs:harness";
  private static final DrbdResource LINK_CHECK =
      new DrbdResource("link-check", 1000, 7001, "/dev/volumes/link-check");
  private static final String JOURNAL_LV = "/dev/volumes/journal";
  private static final Duration REPLACEMENT_TIMEOUT = Duration.ofSeconds(5);

  /** A JVM starting under TCG takes ~20 s alone, minutes when the machine's cores are busy. */
  private static final Duration DAEMON_READY = Duration.ofMinutes(4);

  @RegisterExtension static final VmClusterExtension VMS = new VmClusterExtension();

  private final long started = System.nanoTime();
  private VmCluster cluster;
  private Vm hci1;
  private Vm client;
  private CompletableFuture<NodeDaemonProcess> daemonStarting;
  private NodeDaemonProcess daemon;
  private WriteJournal journal;
  private String portal;
  private String device;

  @BeforeAll
  void volumeGroups() {
    cluster = VMS.cluster();
    hci1 = cluster.vm(Topology.HCI_1);
    client = cluster.vm(Topology.CLIENT);
    CompletableFuture.allOf(
            Topology.STORAGE_HOSTS.stream()
                .map(
                    host ->
                        CompletableFuture.runAsync(
                            () -> new StorageHostSetup(cluster, host).createVolumeGroup(200)))
                .toArray(CompletableFuture[]::new))
        .join();
    step("volume groups on both storage hosts");
    // the JVM's start under TCG is the slowest step: let it overlap with the DRBD test
    StorageHostSetup setup = new StorageHostSetup(cluster, Topology.HCI_1);
    daemonStarting =
        CompletableFuture.supplyAsync(
            () ->
                setup.serve(setup.daemonConfig("real"), StorageHostSetup.newToken(), DAEMON_READY));
  }

  @Test
  @Order(1)
  void theReplicationNicDownCutsDrbdOffItsPeerAndUpReconnectsIt() {
    CompletableFuture.allOf(
            Topology.STORAGE_HOSTS.stream()
                .map(host -> CompletableFuture.runAsync(() -> drbdUp(cluster.vm(host))))
                .toArray(CompletableFuture[]::new))
        .join();
    Vm hci2 = cluster.vm(Topology.HCI_2);
    awaitConnection(hci1, true);
    awaitConnection(hci2, true);
    step("DRBD connected over the replication link");

    hci2.network().down(Topology.REPLICATION_NIC);
    assertThat(hci2.network().isUp(Topology.REPLICATION_NIC)).isFalse();
    Instant down = Instant.now();
    awaitConnection(hci2, false);
    Duration own = Duration.between(down, Instant.now());
    awaitConnection(hci1, false);
    step(
        String.format(
            "repl down on hci-0002: it lost its peer after %.1f s, hci-0001 after %.1f s (%s)",
            own.toMillis() / 1000.0,
            Duration.between(down, Instant.now()).toMillis() / 1000.0,
            drbdLine(hci1).strip()));

    hci2.network().up(Topology.REPLICATION_NIC);
    awaitConnection(hci1, true);
    awaitConnection(hci2, true);
    step("repl up: connected again");
    for (Vm vm : List.of(hci1, hci2)) {
      vm.execOk("drbdadm", "down", LINK_CHECK.name());
    }
  }

  @Test
  @Order(2)
  void theJournalReadsBackEveryAcknowledgedWriteThroughLio() throws Exception {
    daemon = daemonStarting.join();
    assertThat(daemon.get("/v1/node").statusCode()).isEqualTo(200);
    step("node daemon on hci-0001 answers");
    hci1.execOk("lvcreate", "-L", "32m", "-n", "journal", "volumes");
    export();
    IscsiClient.prepareForFailover(client, REPLACEMENT_TIMEOUT);
    portal = Topology.portalAddress(Topology.HCI_1) + ":" + Topology.ISCSI_PORT;
    device = IscsiClient.login(client, portal, IQN, 0);
    assertThat(
            IscsiClient.nodeSetting(client, portal, IQN, "node.session.timeo.replacement_timeout"))
        .isEqualTo("5");
    journal = WriteJournal.install(client, "harness");
    journal.start(
        device, WriteJournal.Settings.defaults().withRegionBytes(16 << 20).withMaxWrites(300));
    journal.awaitExit(Duration.ofMinutes(3));
    WriteJournal.Verification verification = journal.verify(device);
    step(
        "client wrote through LIO on hci-0001: "
            + journal.acknowledgedCount()
            + " acknowledged writes, "
            + verification.checked()
            + " journaled blocks verified");
    assertThat(journal.acknowledgedCount()).isEqualTo(300);
    assertThat(verification.bad()).isEmpty();
    assertThat(verification.checked()).isGreaterThan(0);
  }

  @Test
  @Order(3)
  void theVerifierReportsDamagedBlocks() {
    List<WriteJournal.Ack> acks = journal.acknowledged();
    long corrupted = acks.get(acks.size() - 1).offset();
    long overwritten = acks.get(acks.size() - 2).offset();
    long copiedFrom = acks.get(acks.size() - 3).offset();
    hci1.execOk(
        "dd",
        "if=/dev/urandom",
        "of=" + JOURNAL_LV,
        "bs=4096",
        "count=1",
        "seek=" + corrupted / 4096,
        "oflag=direct",
        "conv=notrunc");
    hci1.execOk(
        "dd",
        "if=" + JOURNAL_LV,
        "of=" + JOURNAL_LV,
        "bs=4096",
        "count=1",
        "skip=" + copiedFrom / 4096,
        "seek=" + overwritten / 4096,
        "iflag=direct",
        "oflag=direct",
        "conv=notrunc");

    WriteJournal.Verification found = journal.verify(device);
    found.bad().forEach(b -> System.out.println("bad block: " + b));
    assertThat(found.bad())
        .extracting(WriteJournal.BadBlock::offset)
        .containsExactlyInAnyOrder(corrupted, overwritten);
    assertThat(found.bad())
        .extracting(WriteJournal.BadBlock::reason)
        .containsExactlyInAnyOrder(
            "not a journal block", "holds the block written for offset " + copiedFrom);
    WriteJournal.Verification onTheLv = journal.verify(hci1, JOURNAL_LV);
    assertThat(onTheLv.bad()).hasSize(2);
    step("the verifier found both damaged blocks, through iSCSI and on the LV itself");
  }

  @Test
  @Order(4)
  void theManagementNicDownMakesTheDaemonUnreachable() {
    assertThat(daemon.isReachable(Duration.ofSeconds(10))).isTrue();
    hci1.network().down(Topology.MANAGEMENT_NIC);
    await("daemon unreachable")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !daemon.isReachable(Duration.ofSeconds(2)));
    step("mgmt down on hci-0001: the daemon does not answer");
    hci1.network().up(Topology.MANAGEMENT_NIC);
    await("daemon reachable again")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> daemon.isReachable(Duration.ofSeconds(2)));
    step("mgmt up: it answers again");
  }

  private void export() {
    String p = Topology.portalAddress(Topology.HCI_1);
    String commands =
        String.join(
            "\n",
            "/backstores/block create name=journal dev=" + JOURNAL_LV,
            "/iscsi create " + IQN,
            "/iscsi/" + IQN + "/tpg1/portals delete 0.0.0.0 3260",
            "/iscsi/" + IQN + "/tpg1/portals create " + p + " 3260",
            "/iscsi/" + IQN + "/tpg1/luns create /backstores/block/journal",
            "/iscsi/" + IQN + "/tpg1/acls create " + Topology.CLIENT_IQN,
            "exit",
            "");
    hci1.exec(List.of("targetcli"), commands.getBytes(), Duration.ofSeconds(90)).orThrow();
  }

  private static void drbdUp(Vm vm) {
    vm.execOk("lvcreate", "-V", "16m", "-T", "volumes/pool", "-n", "link-check");
    vm.execOk("modprobe", "drbd");
    // peer-loss detection in seconds, as the daemon's DrbdConfigRenderer tunes it
    vm.writeString(
        LINK_CHECK.path(),
        LINK_CHECK
            .render()
            .replace(
                "protocol C;",
                "protocol C;\n    ping-int 3;\n    ping-timeout 10;\n    timeout 20;\n"
                    + "    connect-int 3;"));
    vm.exec(
            List.of("drbdadm", "create-md", "--force", LINK_CHECK.name()),
            "yes\n".getBytes(),
            Duration.ofSeconds(60))
        .orThrow();
    vm.execOk("drbdadm", "up", LINK_CHECK.name());
  }

  private static void awaitConnection(Vm vm, boolean connected) {
    await(vm.name() + (connected ? " connected" : " without its peer"))
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> drbdLine(vm).contains("cs:Connected") == connected);
  }

  private static String drbdLine(Vm vm) {
    return OperatorOnVms.procDrbdLine(vm, LINK_CHECK.minor());
  }

  private void step(String what) {
    System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, what);
  }
}

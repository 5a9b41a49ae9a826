package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverRecord;
import io.ovt.ebs.crds.replication.FailoverState;
import io.ovt.ebs.crds.replication.FailoverTrigger;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.VolumeExport;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's disaster runbook on real storage, automated: the active host's QEMU is killed while
 * the client writes with O_DIRECT and journals every acknowledged block; the operator fails the
 * pair over to the standby by itself and freezes it, the client logs in to the new portal, and
 * every acknowledged block reads back intact. The killed host then returns as the secondary and
 * resyncs, the pair is thawed and switched back by spec edits, and the data is still intact. Last,
 * the active host is isolated (all its links down, everything on it running): its fence-peer
 * handler freezes its I/O since nobody can record its lost peer, the standby is promoted after the
 * lease, every acknowledged write is on the standby, and the isolated host rejoins as secondary.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {
  private static final String NS = OperatorOnVms.NS;
  private static final String POLICY = "hci-pair";

  /** The client gives up on a dead portal after this, so the journal's writer fails over fast. */
  private static final Duration REPLACEMENT_TIMEOUT = Duration.ofSeconds(5);

  private static final Duration LONG = Duration.ofMinutes(4);

  @RegisterExtension static final VmClusterExtension VMS = new VmClusterExtension();

  private final long started = System.nanoTime();
  private VmCluster cluster;
  private OperatorOnVms ops;
  private KubernetesClient client;
  private Vm clientVm;
  private WriteJournal journal;
  private String iqn;
  private int lun;
  private String device;

  @BeforeAll
  void operatorWithAutomaticFailover() {
    cluster = VMS.cluster();
    FailoverPolicy policy = E2eResources.policy("hci-0001@EBS");
    policy.getSpec().setAutomatic(true);
    ops = new OperatorOnVms(cluster, null, policy);
    client = ops.client;
    clientVm = cluster.vm(Topology.CLIENT);
    IscsiClient.prepareForFailover(clientVm, REPLACEMENT_TIMEOUT);
    step("storage hosts serving, operator running with automatic failover");
  }

  @AfterAll
  void stop() {
    if (ops != null) {
      ops.close();
    }
  }

  @Test
  @Order(1)
  void aKilledActiveHostFailsOverAndEveryAcknowledgedWriteSurvives() {
    client.resource(E2eResources.volume("ha", "64Mi", Provisioning.THICK)).create();
    client.resource(E2eResources.export("ha-export", "ha")).create();
    ops.awaitVolumeReady("ha");
    VolumeExport exported = ops.awaitExportOn("ha-export", "hci-0001");
    iqn = exported.getStatus().getTargetIqn();
    lun = exported.getStatus().getTargetLun();
    String portal1 = portal(Topology.HCI_1);
    device = IscsiClient.login(clientVm, portal1, iqn, lun);
    journal = WriteJournal.install(clientVm, "failover");
    journal.start(device, WriteJournal.Settings.defaults().withRegionBytes(16 << 20));
    journal.awaitAcknowledged(200, Duration.ofMinutes(2));
    step("volume ha Ready, exported on hci-0001, client writing: " + journal.acknowledgedCount());

    cluster.vm(Topology.HCI_1).kill();
    Instant killed = Instant.now();
    long acksAtKill = journal.acknowledgedCount();
    step("hci-0001 killed at " + acksAtKill + " acknowledged writes");

    FailoverPolicy failedOver =
        awaitPolicy(
            "automatic failover to hci-0002",
            p ->
                p.getStatus() != null
                    && "hci-0002".equals(p.getStatus().getActiveNode())
                    && p.getStatus().getLastFailover() != null
                    && p.getStatus().getLastFailover().getTrigger() == FailoverTrigger.Automatic
                    && p.getStatus().getLastFailover().getCompletedAt() != null);
    VolumeExport moved = ops.awaitExportOn("ha-export", "hci-0002");
    Duration toExport = Duration.between(killed, Instant.now());
    FailoverRecord record = failedOver.getStatus().getLastFailover();
    step(
        "failed over: "
            + record.getReason()
            + " ("
            + record.getDurationMillis()
            + " ms in the operator); exported on hci-0002 "
            + seconds(toExport)
            + " after the kill");
    assertThat(moved.getStatus().getTargetIqn()).isEqualTo(iqn);
    assertThat(failedOver.getSpec().getActiveBackend()).isEqualTo("hci-0002@EBS");
    assertThat(failedOver.getSpec().getFrozen()).as("frozen after failover, as the seed").isTrue();
    assertThat(OperatorOnVms.procDrbdLine(cluster.vm(Topology.HCI_2), minor()))
        .contains("ro:Primary/");

    Duration logout = IscsiClient.logoutDeadPortal(clientVm, portal1, iqn, Duration.ofMinutes(2));
    String portal2 = portal(Topology.HCI_2);
    assertThat(moved.getStatus().getTargetPortals()).containsExactly(portal2);
    device = IscsiClient.login(clientVm, portal2, iqn, moved.getStatus().getTargetLun());
    IscsiClient.awaitFirstRead(clientVm, device, Duration.ofMinutes(1));
    Duration rto = Duration.between(killed, Instant.now());
    System.out.printf(
        "RTO %.1f s: from the kill of hci-0001 to the first read through hci-0002 (exported after"
            + " %.1f s, logout of the dead portal %.1f s)%n",
        rto.toMillis() / 1000.0, toExport.toMillis() / 1000.0, logout.toMillis() / 1000.0);

    long before = journal.acknowledgedCount();
    journal.retarget(device);
    journal.awaitAcknowledged(before + 100, Duration.ofMinutes(2));
    journal.stop(Duration.ofMinutes(1));
    WriteJournal.Verification verified = journal.verify(device);
    step(
        "verified "
            + verified.checked()
            + " blocks of "
            + journal.acknowledgedCount()
            + " acknowledged writes through hci-0002; longest gap without an ack "
            + seconds(WriteJournal.longestGap(journal.acknowledged())));
    assertThat(verified.bad()).isEmpty();
    assertThat(verified.checked()).isGreaterThan(0);
    assertThat(state()).isEqualTo(FailoverState.Frozen);
  }

  @Test
  @Order(2)
  void theOldPrimaryReturnsAsSecondaryResyncsAndThePairIsThawedAndSwitchedBack() {
    ops.restartStorageHost(Topology.HCI_1);
    step("hci-0001 restarted on its own disks, daemon serving");
    Vm hci1 = cluster.vm(Topology.HCI_1);
    ops.awaitUntil(
        "hci-0001 back as an up-to-date secondary",
        () -> OperatorOnVms.procDrbdLine(hci1, minor()),
        line -> line.contains("ro:Secondary/Primary") && line.contains("ds:UpToDate/UpToDate"));
    ops.awaitVolumeReady("ha");
    step("hci-0001 resynced: " + OperatorOnVms.procDrbdLine(hci1, minor()).strip());

    editPolicy(
        p -> {
          p.getSpec().setFrozen(false);
          return p;
        });
    awaitPolicy(
        "thawed, roles still swapped",
        p -> p.getStatus() != null && p.getStatus().getState() == FailoverState.FailedOver);
    step("thawed: FailedOver, hci-0002 serving");

    editPolicy(
        p -> {
          p.getSpec().setActiveBackend("hci-0001@EBS");
          return p;
        });
    VolumeExport back = ops.awaitExportOn("ha-export", "hci-0001");
    awaitPolicy(
        "switched back",
        p -> p.getStatus() != null && p.getStatus().getState() == FailoverState.Normal);
    step("switched back to hci-0001 by a spec edit");
    IscsiClient.logoutDeadPortal(clientVm, portal(Topology.HCI_2), iqn, Duration.ofMinutes(1));
    device =
        IscsiClient.login(clientVm, portal(Topology.HCI_1), iqn, back.getStatus().getTargetLun());
    WriteJournal.Verification verified = journal.verify(device);
    step("verified " + verified.checked() + " blocks through hci-0001 after the switch back");
    assertThat(verified.bad()).isEmpty();
    assertThat(verified.checked()).isGreaterThan(0);
    assertThat(OperatorOnVms.procDrbdLine(hci1, minor())).contains("ro:Primary/Secondary");
  }

  @Test
  @Order(3)
  void anIsolatedActiveHostNeverWritesAloneAndItsStandbyIsPromotedAfterTheLease() {
    WriteJournal isolated = WriteJournal.install(clientVm, "isolation");
    isolated.start(device, WriteJournal.Settings.defaults().withRegionBytes(16 << 20));
    isolated.awaitAcknowledged(100, Duration.ofMinutes(2));
    Vm hci1 = cluster.vm(Topology.HCI_1);
    Vm hci2 = cluster.vm(Topology.HCI_2);
    // Cut off from the operator first, so that nobody can record its lost peer; then from the
    // peer and the client. Its daemon, DRBD and LIO go on running.
    hci1.network().down(Topology.MANAGEMENT_NIC, Topology.REPLICATION_NIC, Topology.PORTAL_NIC);
    step("hci-0001 isolated at " + isolated.acknowledgedCount() + " acknowledged writes");

    ops.awaitUntil(
        "hci-0001's fence-peer handler freezing its I/O",
        () -> OperatorOnVms.procDrbdLine(hci1, minor()),
        line -> line.contains("ro:Primary/Unknown") && frozen(line));
    step("hci-0001 frozen: " + OperatorOnVms.procDrbdLine(hci1, minor()).strip());
    awaitPolicy(
        "automatic failover to hci-0002 after hci-0001's lease",
        p ->
            p.getStatus() != null
                && "hci-0002".equals(p.getStatus().getActiveNode())
                && p.getStatus().getLastFailover().getFrom().equals("hci-0001")
                && p.getStatus().getLastFailover().getCompletedAt() != null);
    VolumeExport moved = ops.awaitExportOn("ha-export", "hci-0002");
    String hci2Line = OperatorOnVms.procDrbdLine(hci2, minor());
    String hci1Line = OperatorOnVms.procDrbdLine(hci1, minor());
    step("failed over; hci-0002: " + hci2Line.strip() + "; hci-0001: " + hci1Line.strip());
    assertThat(hci2Line).contains("ro:Primary/");
    assertThat(hci1Line)
        .as("the isolated primary still holds its I/O while its peer serves")
        .contains("ro:Primary/Unknown")
        .matches(line -> frozen(line), "I/O suspended");

    WriteJournal.Verification verified =
        moveClientAndVerify(isolated, Topology.HCI_1, Topology.HCI_2, moved, 50);
    step(
        "verified "
            + verified.checked()
            + " blocks of "
            + isolated.acknowledgedCount()
            + " acknowledged writes through hci-0002");
    assertThat(verified.bad())
        .as("every write acknowledged through hci-0001 is on hci-0002: none was taken alone")
        .isEmpty();

    hci1.network().up(Topology.MANAGEMENT_NIC, Topology.REPLICATION_NIC, Topology.PORTAL_NIC);
    ops.awaitUntil(
        "hci-0001 giving its held writes up and rejoining as an up-to-date secondary",
        () -> OperatorOnVms.procDrbdLine(hci1, minor()),
        line -> line.contains("ro:Secondary/Primary") && line.contains("ds:UpToDate/UpToDate"));
    step("hci-0001 rejoined: " + OperatorOnVms.procDrbdLine(hci1, minor()).strip());
    assertThat(isolated.verify(device).bad()).isEmpty();
  }

  @Test
  @Order(4)
  void anOperatorRestartedDuringAFailoverCompletesItWithOneServingReplica() {
    // hci-0002 serves since the isolation and hci-0001 is its up-to-date secondary: thawing
    // lets the pair fail over again, the other way.
    editPolicy(
        p -> {
          p.getSpec().setFrozen(false);
          return p;
        });
    awaitPolicy("thawed", p -> p.getStatus().getState() == FailoverState.FailedOver);
    WriteJournal restart = WriteJournal.install(clientVm, "operator-restart");
    restart.start(device, WriteJournal.Settings.defaults().withRegionBytes(16 << 20));
    restart.awaitAcknowledged(50, Duration.ofMinutes(2));
    Vm hci1 = cluster.vm(Topology.HCI_1);

    cluster.vm(Topology.HCI_2).kill();
    step("hci-0002 killed at " + restart.acknowledgedCount() + " acknowledged writes");
    FailoverPolicy begun =
        awaitPolicy(
            "the automatic failover to hci-0001 decided",
            p ->
                p.getStatus() != null
                    && p.getStatus().getLastFailover() != null
                    && "hci-0002".equals(p.getStatus().getLastFailover().getFrom()));
    FailoverRecord decided = begun.getStatus().getLastFailover();
    // Its volumes move after the decision (promote, then export): tens of seconds on TCG.
    VolumeExport before = ops.export("ha-export");
    boolean exportMoved =
        before.getStatus() != null
            && "hci-0001".equals(before.getStatus().getNode())
            && Conditions.isTrue(before.getStatus(), ConditionType.Ready);
    assertThat(exportMoved)
        .as("the operator is restarted before the failover has moved the export")
        .isFalse();
    ops.restartOperator();
    step(
        "operator restarted mid-failover (record "
            + (decided.getCompletedAt() == null ? "open" : "closed")
            + ", export not yet on hci-0001)");

    awaitPolicy(
        "the new operator completing the failover",
        p ->
            "hci-0001".equals(p.getStatus().getActiveNode())
                && p.getStatus().getLastFailover().getCompletedAt() != null);
    VolumeExport moved = ops.awaitExportOn("ha-export", "hci-0001");
    FailoverRecord done =
        client.resources(FailoverPolicy.class).withName(POLICY).get().getStatus().getLastFailover();
    assertThat(done.getStartedAt())
        .as("the failover begun before the restart was resumed, not begun again")
        .isEqualTo(decided.getStartedAt());
    String hci1Line = OperatorOnVms.procDrbdLine(hci1, minor());
    step("completed; hci-0001: " + hci1Line.strip());
    assertThat(hci1Line).contains("ro:Primary/");
    assertThat(frozen(hci1Line)).as("hci-0001 serves, its I/O not held").isFalse();
    assertThat(ops.volume("ha").getStatus().getPrimaryNode()).isEqualTo("hci-0001");

    WriteJournal.Verification verified =
        moveClientAndVerify(restart, Topology.HCI_2, Topology.HCI_1, moved, 20);
    step("verified " + verified.checked() + " blocks through hci-0001");
    assertThat(verified.bad())
        .as("every write acknowledged through hci-0002 before its death is on hci-0001")
        .isEmpty();
  }

  /**
   * The client leaves the dead portal for the new one, its writer goes on there for {@code more}
   * acknowledged writes and stops, and every journaled block is read back.
   */
  private WriteJournal.Verification moveClientAndVerify(
      WriteJournal writer, String deadHost, String newHost, VolumeExport moved, long more) {
    IscsiClient.logoutDeadPortal(clientVm, portal(deadHost), iqn, Duration.ofMinutes(2));
    device = IscsiClient.login(clientVm, portal(newHost), iqn, moved.getStatus().getTargetLun());
    IscsiClient.awaitFirstRead(clientVm, device, Duration.ofMinutes(1));
    long before = writer.acknowledgedCount();
    writer.retarget(device);
    writer.awaitAcknowledged(before + more, Duration.ofMinutes(2));
    writer.stop(Duration.ofMinutes(1));
    return writer.verify(device);
  }

  /** The first of /proc/drbd's state flags: {@code s} while any suspension holds I/O. */
  private static boolean frozen(String procDrbdLine) {
    return java.util.regex.Pattern.compile(" [ABC] s").matcher(procDrbdLine).find();
  }

  private int minor() {
    return ops.volume("ha").getStatus().getDrbd().getMinor();
  }

  private FailoverState state() {
    FailoverPolicy p = client.resources(FailoverPolicy.class).withName(POLICY).get();
    return p.getStatus() == null ? null : p.getStatus().getState();
  }

  private FailoverPolicy awaitPolicy(String what, Predicate<FailoverPolicy> done) {
    return ops.awaitUntil(
        what, () -> client.resources(FailoverPolicy.class).withName(POLICY).get(), done);
  }

  private void editPolicy(UnaryOperator<FailoverPolicy> edit) {
    client.resources(FailoverPolicy.class).withName(POLICY).edit(edit);
  }

  private static String portal(String host) {
    return Topology.portalAddress(host) + ":" + Topology.ISCSI_PORT;
  }

  private static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

  private void step(String what) {
    System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, what);
  }
}

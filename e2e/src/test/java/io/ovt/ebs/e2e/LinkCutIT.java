package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The replication link is cut while the operator still sees both hosts: the primary serves on and
 * nothing fails over, and the standby is marked outdated; when the primary then dies, that outdated
 * standby is not promoted, and the policy says why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkCutIT {
  private static final String POLICY = "hci-pair";

  @RegisterExtension static final VmClusterExtension VMS = new VmClusterExtension();

  private final long started = System.nanoTime();
  private VmCluster cluster;
  private OperatorOnVms ops;
  private KubernetesClient client;

  @BeforeAll
  void operatorWithAutomaticFailover() {
    cluster = VMS.cluster();
    FailoverPolicy policy = E2eResources.policy("hci-0001@EBS");
    policy.getSpec().setAutomatic(true);
    ops = new OperatorOnVms(cluster, null, policy);
    client = ops.client;
    step("storage hosts serving, operator running with automatic failover");
  }

  @AfterAll
  void stop() {
    if (ops != null) {
      ops.close();
    }
  }

  @Test
  void aCutLinkOutdatesTheStandbyWhichIsThenNeverPromoted() {
    client.resource(E2eResources.volume("cut", "64Mi", Provisioning.THICK)).create();
    client.resource(E2eResources.export("cut-export", "cut")).create();
    ops.awaitVolumeReady("cut");
    VolumeExport exported = ops.awaitExportOn("cut-export", "hci-0001");
    Vm clientVm = cluster.vm(Topology.CLIENT);
    String device =
        IscsiClient.login(
            clientVm,
            Topology.portalAddress(Topology.HCI_1) + ":" + Topology.ISCSI_PORT,
            exported.getStatus().getTargetIqn(),
            exported.getStatus().getTargetLun());
    WriteJournal journal = WriteJournal.install(clientVm, "link-cut");
    journal.start(device, WriteJournal.Settings.defaults().withRegionBytes(16 << 20));
    journal.awaitAcknowledged(100, Duration.ofMinutes(2));
    int minor = ops.volume("cut").getStatus().getDrbd().getMinor();
    Vm hci1 = cluster.vm(Topology.HCI_1);
    step("volume cut Ready on hci-0001, client writing: " + journal.acknowledgedCount());

    cluster.vm(Topology.HCI_2).network().down(Topology.REPLICATION_NIC);
    ops.awaitUntil(
        "hci-0001 without its DRBD peer",
        () -> OperatorOnVms.procDrbdLine(hci1, minor),
        line -> !line.contains("cs:Connected"));
    Volume marked =
        ops.awaitUntil(
            "the standby marked outdated",
            () -> ops.volume("cut"),
            v -> v.getStatus().getSecondaryOutdatedSince() != null);
    long atMark = journal.acknowledgedCount();
    journal.awaitAcknowledged(atMark + 50, Duration.ofMinutes(2));
    step(
        "repl down on hci-0002: hci-0001 serves on ("
            + OperatorOnVms.procDrbdLine(hci1, minor).strip()
            + "), standby outdated since "
            + marked.getStatus().getSecondaryOutdatedSince()
            + ", the client's writes go on: "
            + journal.acknowledgedCount());
    FailoverPolicy policy = policy();
    assertThat(policy.getStatus().getActiveNode()).isEqualTo("hci-0001");
    assertThat(policy.getStatus().getLastFailover()).isNull();
    assertThat(marked.getStatus().getPrimaryNode()).isEqualTo("hci-0001");

    hci1.kill();
    step("hci-0001 killed");
    FailoverPolicy refused =
        ops.awaitUntil(
            "the policy refusing the outdated standby",
            this::policy,
            p -> switchover(p).map(c -> "StandbyOutdated".equals(c.getReason())).orElse(false));
    String message = switchover(refused).orElseThrow().getMessage();
    step("not promoted: " + message);
    assertThat(message).contains("outdated");
    assertThat(refused.getSpec().getActiveBackend()).isEqualTo("hci-0001@EBS");
    assertThat(refused.getStatus().getLastFailover()).isNull();
    assertThat(OperatorOnVms.procDrbdLine(cluster.vm(Topology.HCI_2), minor))
        .contains("ro:Secondary/");
  }

  private FailoverPolicy policy() {
    return client.resources(FailoverPolicy.class).withName(POLICY).get();
  }

  private static Optional<Condition> switchover(FailoverPolicy policy) {
    return policy.getStatus() == null
        ? Optional.empty()
        : Conditions.find(policy.getStatus(), ConditionType.Switchover);
  }

  private void step(String what) {
    System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, what);
  }
}

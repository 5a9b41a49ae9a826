package io.ovt.ebs.operator.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverRecord;
import io.ovt.ebs.crds.replication.FailoverState;
import io.ovt.ebs.crds.replication.FailoverTrigger;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.daemon.sim.SimWrite;
import io.ovt.ebs.nodeapi.Role;
import io.ovt.ebs.operator.testing.PolicyEdits;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Automatic failover on simulated hosts: a lost active node is replaced by its standby once that is
 * safe, the pair ends Frozen as in the seed's runbook, and the failed node comes back as secondary.
 */
class AutomaticFailoverTest {
  // Generous: under a loaded machine (the whole build on two cores) detection took over 30 s.
  private static final Duration WAIT = Duration.ofSeconds(60);
  private TestCluster cluster;

  @BeforeEach
  void start() {
    cluster = TestCluster.start();
    cluster.applyPair();
    PolicyEdits.automaticFast(cluster.client, "pair-a");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aDeadActiveNodeIsReplacedByItsStandbyAndThePairIsFrozen() throws Exception {
    cluster.volume("data", "1Gi", Provisioning.THIN);
    String lv = cluster.awaitReady("data").getStatus().getLocalName();

    crash("hci-0001@EBS");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                // On a timeout, what the volume and the policy said is the failure's message.
                assertThat(cluster.get("data").getStatus().getPrimaryNode())
                    .as(
                        () ->
                            "volume conditions "
                                + cluster.get("data").getStatus().getConditions()
                                + "; policy "
                                + policy().getStatus())
                    .isEqualTo("hci-0002"));
    Volume moved = cluster.get("data");
    assertThat(moved.getStatus().getSecondaryNode()).isEqualTo("hci-0001");
    assertThat(
            Conditions.find(moved.getStatus(), ConditionType.Switchover).orElseThrow().getReason())
        .isEqualTo("FailedOver");
    await().atMost(WAIT).ignoreExceptions().until(() -> role("hci-0002@EBS", lv) == Role.PRIMARY);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              FailoverPolicy policy = policy();
              assertThat(policy.getSpec().getActiveBackend()).isEqualTo("hci-0002@EBS");
              assertThat(policy.getSpec().getFrozen()).isTrue();
              assertThat(policy.getStatus().getState()).isEqualTo(FailoverState.Frozen);
              FailoverRecord last = policy.getStatus().getLastFailover();
              assertThat(last.getTrigger()).isEqualTo(FailoverTrigger.Automatic);
              assertThat(last.getFrom()).isEqualTo("hci-0001");
              assertThat(last.getTo()).isEqualTo("hci-0002");
              assertThat(last.getCompletedAt()).isNotNull();
              assertThat(last.getVolumesMoved()).isEqualTo(1);
              assertThat(Instant.parse(last.getCompletedAt()))
                  .isAfterOrEqualTo(Instant.parse(last.getStartedAt()));
            });
    // The exports follow the new primary.
    await()
        .atMost(WAIT)
        .until(
            () ->
                cluster.get("data").getStatus().getTarget() == null
                    || "hci-0002".equals(cluster.get("data").getStatus().getTarget().getNode()));
  }

  @Test
  void anActiveNodeOnlyTheOperatorLostIsNotFailedOver() throws Exception {
    cluster.volume("data", "1Gi", Provisioning.THIN);
    String lv = cluster.awaitReady("data").getStatus().getLocalName();

    // The daemon stops answering, but DRBD still connects the two hosts.
    cluster.daemons.stop("hci-0001@EBS");

    // Time passes for the operator: a lease it granted just before runs out (it waits for that
    // first, reason WaitingForLease), and then it finds the peer still connected.
    await()
        .atMost(WAIT)
        .until(
            () -> {
              cluster.syncClock.advance(Duration.ofSeconds(5));
              return Conditions.find(policy().getStatus(), ConditionType.Switchover)
                  .map(c -> "PeerStillConnected".equals(c.getReason()))
                  .orElse(false);
            });
    FailoverPolicy policy = policy();
    assertThat(policy.getSpec().getActiveBackend()).isEqualTo("hci-0001@EBS");
    assertThat(policy.getStatus().getLastFailover()).isNull();
    assertThat(cluster.get("data").getStatus().getPrimaryNode()).isEqualTo("hci-0001");
    assertThat(role("hci-0002@EBS", lv)).isEqualTo(Role.SECONDARY);
  }

  @Test
  void aStandbyCutOffWhileThePrimaryWroteIsNeverPromotedAutomatically() throws Exception {
    cluster.volume("data", "1Gi", Provisioning.THIN);
    String lv = cluster.awaitReady("data").getStatus().getLocalName();

    // The replication link fails; the operator still sees both nodes: no failover.
    cluster.daemons.network().cut("10.0.10.21", "10.0.10.22");
    await()
        .atMost(WAIT)
        .until(() -> cluster.get("data").getStatus().getSecondaryOutdatedSince() != null);
    assertThat(cluster.get("data").getStatus().getPrimaryNode()).isEqualTo("hci-0001");
    assertThat(policy().getSpec().getActiveBackend()).isEqualTo("hci-0001@EBS");
    // Recorded, so the primary's fence-peer handler lets it write alone.
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(() -> cluster.host("hci-0001@EBS").write(lv, 0, 1 << 20, "alone"));

    // Then the primary dies: its standby may miss writes and is not promoted.
    cluster.daemons.stop("hci-0001@EBS");
    await()
        .atMost(WAIT)
        .until(
            () ->
                Conditions.find(policy().getStatus(), ConditionType.Switchover)
                    .map(c -> "StandbyOutdated".equals(c.getReason()))
                    .orElse(false));
    assertThat(
            Conditions.find(policy().getStatus(), ConditionType.Switchover)
                .orElseThrow()
                .getMessage())
        .contains("not promoted automatically");
    assertThat(policy().getStatus().getLastFailover()).isNull();
    assertThat(role("hci-0002@EBS", lv)).isEqualTo(Role.SECONDARY);

    // A person switching by hand is refused the same way, per volume.
    editPolicy(p -> p.getSpec().setActiveBackend("hci-0002@EBS"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                Conditions.find(cluster.get("data").getStatus(), ConditionType.Switchover)
                    .map(c -> "FailoverRefused".equals(c.getReason()))
                    .orElse(false));
    assertThat(cluster.get("data").getStatus().getPrimaryNode()).isEqualTo("hci-0001");
    assertThat(role("hci-0002@EBS", lv)).isEqualTo(Role.SECONDARY);
  }

  @Test
  void anIsolatedActiveNodeNeverWritesAloneAndItsStandbyIsPromotedAfterTheLease() throws Exception {
    cluster.volume("data", "1Gi", Provisioning.THIN);
    String lv = cluster.awaitReady("data").getStatus().getLocalName();

    // Cut off from the operator and from its peer; its DRBD and targets stay up.
    cluster.daemons.stop("hci-0001@EBS");
    cluster.daemons.network().cut("10.0.10.21", "10.0.10.22");
    SimWrite after = cluster.host("hci-0001@EBS").submitWrite(lv, 0, 1 << 20, "after the cut");
    assertThat(after.state())
        .as("nobody recorded the loss: the fence-peer handler holds the write")
        .isEqualTo(SimWrite.State.HELD);

    await()
        .atMost(WAIT)
        .until(() -> "hci-0002".equals(cluster.get("data").getStatus().getPrimaryNode()));
    await().atMost(WAIT).ignoreExceptions().until(() -> role("hci-0002@EBS", lv) == Role.PRIMARY);
    assertThat(role("hci-0001@EBS", lv)).isEqualTo(Role.PRIMARY);
    assertThat(after.state())
        .as("the old primary never acknowledged a write the new one lacks")
        .isEqualTo(SimWrite.State.HELD);
    assertThat(policy().getStatus().getLastFailover().getTrigger())
        .isEqualTo(FailoverTrigger.Automatic);
  }

  @Test
  void theFailedNodeReturnsAsSecondaryAndThawWaitsForItsResync() throws Exception {
    cluster.volume("data", "2Gi", Provisioning.THICK);
    String lv = cluster.awaitReady("data").getStatus().getLocalName();
    crash("hci-0001@EBS");
    await().atMost(WAIT).until(() -> policy().getStatus().getState() == FailoverState.Frozen);

    cluster.daemons.restart("hci-0001@EBS");

    // Its DRBD resource is up again once its daemon converged it.
    await().atMost(WAIT).ignoreExceptions().until(() -> role("hci-0001@EBS", lv) == Role.SECONDARY);
    editPolicy(p -> p.getSpec().setFrozen(false));
    // Roles stay swapped once the returning node is in sync; the failover stays on record.
    cluster.awaitReady("data");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              FailoverPolicy policy = policy();
              assertThat(policy.getStatus().getState()).isEqualTo(FailoverState.FailedOver);
              assertThat(policy.getSpec().getActiveBackend()).isEqualTo("hci-0002@EBS");
            });
    assertThat(cluster.get("data").getStatus().getPrimaryNode()).isEqualTo("hci-0002");
    assertThat(role("hci-0002@EBS", lv)).isEqualTo(Role.PRIMARY);

    // Switching back is one spec edit, recorded as planned.
    editPolicy(p -> p.getSpec().setActiveBackend("hci-0001@EBS"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              FailoverPolicy policy = policy();
              assertThat(policy.getStatus().getState()).isEqualTo(FailoverState.Normal);
              FailoverRecord last = policy.getStatus().getLastFailover();
              assertThat(last.getTrigger()).isEqualTo(FailoverTrigger.Planned);
              assertThat(last.getTo()).isEqualTo("hci-0001");
              assertThat(last.getCompletedAt()).isNotNull();
            });
    assertThat(cluster.get("data").getStatus().getPrimaryNode()).isEqualTo("hci-0001");
    assertThat(role("hci-0001@EBS", lv)).isEqualTo(Role.PRIMARY);
  }

  @Test
  void anOperatorStoppedBetweenRecordAndSpecEditFinishesTheFailover() throws Exception {
    cluster.volume("data", "1Gi", Provisioning.THIN);
    cluster.awaitReady("data");
    cluster.stopOperator();
    crash("hci-0001@EBS");
    // What the first write of a failover leaves: the record, the spec still on the old node.
    FailoverPolicy policy = policy();
    policy
        .getStatus()
        .setLastFailover(
            FailoverRecords.automatic("hci-0001", "hci-0002", "hci-0001 was lost", Instant.now()));
    policy.getStatus().setState(FailoverState.FailingOver);
    cluster.client.resource(policy).updateStatus();

    cluster.startOperator();

    await()
        .atMost(WAIT)
        .until(() -> "hci-0002".equals(cluster.get("data").getStatus().getPrimaryNode()));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              FailoverPolicy done = policy();
              assertThat(done.getSpec().getActiveBackend()).isEqualTo("hci-0002@EBS");
              assertThat(done.getSpec().getFrozen()).isTrue();
              assertThat(done.getStatus().getLastFailover().getCompletedAt()).isNotNull();
            });
  }

  /** The host dies: its daemon stops answering and its kernel's DRBD and targets are gone. */
  private void crash(String backend) {
    cluster.daemons.stop(backend);
    cluster.host(backend).powerOff();
  }

  private FailoverPolicy policy() {
    return cluster.client.resources(FailoverPolicy.class).withName("pair-a").get();
  }

  private void editPolicy(java.util.function.Consumer<FailoverPolicy> change) {
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () -> {
              cluster
                  .client
                  .resources(FailoverPolicy.class)
                  .withName("pair-a")
                  .edit(
                      p -> {
                        change.accept(p);
                        return p;
                      });
              return true;
            });
  }

  private Role role(String backend, String lv) throws Exception {
    return cluster.host(backend).drbd().status().stream()
        .filter(s -> s.name().equals(lv))
        .findFirst()
        .orElseThrow()
        .role();
  }
}

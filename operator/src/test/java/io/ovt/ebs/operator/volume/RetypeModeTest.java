package io.ovt.ebs.operator.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.replication.ReplicationMode;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeReplication;
import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.sim.SimOperation;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.nodeapi.DrbdProtocol;
import io.ovt.ebs.operator.testing.PolicyEdits;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change of a volume's replication mode is a retype done online: both nodes take the new DRBD
 * protocol without the volume going down or losing data; a frozen policy holds it until the thaw.
 */
class RetypeModeTest {
  private static final long MIB = 1L << 20;
  private TestCluster cluster;
  private SimulatedHost hci1;
  private SimulatedHost hci2;

  @BeforeEach
  void start() {
    cluster = TestCluster.start();
    cluster.applyPair();
    hci1 = cluster.host("hci-0001@EBS");
    hci2 = cluster.host("hci-0002@EBS");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aModeChangeReachesBothNodesOnlineAndAFreezeHoldsItUntilTheThaw() throws Exception {
    cluster.volume("db", "1Gi", Provisioning.THIN);
    Volume ready = cluster.awaitReady("db");
    String lv = ready.getStatus().getLocalName();
    assertThat(ready.getStatus().getDrbd().getProtocol()).isEqualTo("C");
    assertThat(Conditions.find(ready.getStatus(), ConditionType.Retype)).isEmpty();
    hci1.write(lv, 0, MIB, "before");

    setMode(ReplicationMode.ASYNC);
    Condition done = awaitRetype("Retyped");
    assertThat(done.getMessage())
        .isEqualTo(
            "changed the replication mode from full-sync to async (DRBD protocol A) on both"
                + " nodes, online");
    assertThat(protocols(lv)).containsExactly(DrbdProtocol.A, DrbdProtocol.A);
    Volume async = cluster.get("db");
    assertThat(async.getStatus().getDrbd().getProtocol()).isEqualTo("A");
    assertThat(async.getStatus().getPrimaryNode()).isEqualTo(ready.getStatus().getPrimaryNode());
    assertThat(hci2.read(lv)).as("the peer kept its data").contains("before");

    PolicyEdits.setFrozen(cluster.client, "pair-a", true);
    setMode(ReplicationMode.SEMI_SYNC);
    Condition held = awaitRetype("LifecycleFrozen");
    assertThat(held.getStatus()).isEqualTo("False");
    assertThat(held.getMessage())
        .isEqualTo(
            "retype waits: FailoverPolicy pair-a is frozen (set spec.frozen: false to thaw);"
                + " changing the replication mode from async to semi-sync starts then");
    assertThat(protocols(lv))
        .as("still async while frozen")
        .containsExactly(DrbdProtocol.A, DrbdProtocol.A);
    assertThat(cluster.get("db").getStatus().getDrbd().getProtocol()).isEqualTo("A");
    hci1.write(lv, MIB, MIB, "frozen");

    PolicyEdits.setFrozen(cluster.client, "pair-a", false);
    assertThat(awaitRetype("Retyped").getMessage())
        .contains("from async to semi-sync (DRBD protocol B)");
    assertThat(protocols(lv)).containsExactly(DrbdProtocol.B, DrbdProtocol.B);
    assertThat(cluster.awaitReady("db").getStatus().getDrbd().getProtocol()).isEqualTo("B");
    assertThat(hci2.read(lv)).contains("before", "frozen");
  }

  @Test
  void aNodeThatRefusesTheNewModeKeepsTheOldOneAndTheConditionSaysWhoAndWhy() throws Exception {
    cluster.volume("db", "1Gi", Provisioning.THIN);
    String lv = cluster.awaitReady("db").getStatus().getLocalName();
    hci2.faults().failAlways(SimOperation.DRBD_ADJUST, "Failure: (154) Fencing policy refused");

    setMode(ReplicationMode.ASYNC);
    Condition refused = awaitRetype("NodeRejected");
    assertThat(refused.getMessage())
        .startsWith("changing the replication mode from full-sync to async was refused by hci-0002")
        .contains("(154)");
    assertThat(protocol(hci2, lv)).as("the refusing node's record").isEqualTo(DrbdProtocol.C);
    assertThat(cluster.get("db").getStatus().getDrbd().getProtocol()).isEqualTo("C");

    hci2.faults().clear();
    awaitRetype("Retyped");
    assertThat(protocols(lv)).containsExactly(DrbdProtocol.A, DrbdProtocol.A);
  }

  private void setMode(ReplicationMode mode) {
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              cluster
                  .client
                  .resources(Volume.class)
                  .inNamespace(TestCluster.NS)
                  .withName("db")
                  .edit(
                      v -> {
                        if (v.getSpec().getReplication() == null) {
                          v.getSpec().setReplication(new VolumeReplication());
                        }
                        v.getSpec().getReplication().setMode(mode);
                        return v;
                      });
              return true;
            });
  }

  private Condition awaitRetype(String reason) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> Conditions.find(cluster.get("db").getStatus(), ConditionType.Retype).orElse(null),
            c -> c != null && reason.equals(c.getReason()));
  }

  private List<DrbdProtocol> protocols(String lv) throws Exception {
    return List.of(protocol(hci1, lv), protocol(hci2, lv));
  }

  private static DrbdProtocol protocol(SimulatedHost host, String lv) throws Exception {
    return host.drbd().configs().stream()
        .filter(c -> c.name().equals(lv))
        .map(DrbdResourceConfig::protocol)
        .findFirst()
        .orElseThrow();
  }
}

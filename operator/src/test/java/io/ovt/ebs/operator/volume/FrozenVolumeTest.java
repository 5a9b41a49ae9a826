package io.ovt.ebs.operator.volume;

import static io.ovt.ebs.operator.testing.TestCluster.GIB;
import static io.ovt.ebs.operator.testing.TestCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.node.StorageNodeSpec;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.crds.volume.VolumeExportSpec;
import io.ovt.ebs.crds.volume.VolumeSource;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.daemon.SimulatedDaemons;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.operator.testing.PolicyEdits;
import io.ovt.ebs.operator.testing.TestCluster;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A frozen FailoverPolicy holds the lifecycle of its pair's volumes, visibly, on the mock API with
 * simulated daemons: creation, clones, deletion and growth wait with the reason LifecycleFrozen and
 * run by themselves after the thaw; data access (writes, exports, switchover) goes on meanwhile.
 */
class FrozenVolumeTest {
  private static final long MIB = 1L << 20;
  private static final String CLIENT = "iqn.1993-08.org.debian:01:client";
  private static final String THAW = "(set spec.frozen: false to thaw)";
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
  void newVolumesAndClonesWaitWhileTheOnlyPairIsFrozenAndAreCreatedAfterTheThaw() throws Exception {
    cluster.volume("source", "1Gi", Provisioning.THIN);
    String sourceLv = cluster.awaitReady("source").getStatus().getLocalName();
    hci1.write(sourceLv, 0, MIB, "t1");
    int lvsBefore = hci1.lvm().report().lvs().size();
    freeze(true);

    cluster.volume("later", "1Gi", Provisioning.THIN);
    cluster.client.resource(clone("copy", "source")).create();
    Condition later = awaitReason("later", "LifecycleFrozen");
    assertThat(later.getMessage())
        .isEqualTo("creation waits: FailoverPolicy pair-a is frozen " + THAW);
    assertThat(awaitReason("copy", "LifecycleFrozen").getMessage())
        .isEqualTo("creation from its source waits: FailoverPolicy pair-a is frozen " + THAW);
    for (String name : List.of("later", "copy")) {
      Volume held = cluster.get(name);
      assertThat(held.getStatus().getState()).as(name).isEqualTo(VolumeState.Pending);
      assertThat(held.getStatus().getLocalName()).as(name + " is not placed").isNull();
    }
    assertThat(hci1.lvm().report().lvs()).hasSize(lvsBefore);
    assertThat(hci2.lvm().report().lvs()).hasSize(lvsBefore);

    freeze(false);
    assertThat(cluster.awaitReady("later").getStatus().getPrimaryNode()).isEqualTo("hci-0001");
    String copyLv = cluster.awaitReady("copy").getStatus().getLocalName();
    assertThat(hci1.read(copyLv)).containsExactly("t1");
    assertThat(events("later", "LifecycleFrozen")).as("one event when it became held").isOne();
  }

  @Test
  void aVolumeThatNamesNoPairGoesToAnUnfrozenPairAndOneThatNamesTheFrozenPairWaits() {
    // A second, smaller pair: without the freeze placement would pick pair-a, which has more room.
    try (SimulatedDaemons more = morePairB(40 * GIB)) {
      freeze(true);
      cluster.volume("anywhere", "1Gi", Provisioning.THIN);
      Volume placed = cluster.awaitReady("anywhere");
      assertThat(placed.getStatus().getPair()).isEqualTo("pair-b");
      assertThat(placed.getStatus().getPrimaryNode()).isEqualTo("hci-0003");

      Volume onA = newVolume("on-a", "1Gi");
      onA.getSpec().getReplication().setPair("pair-a");
      cluster.client.resource(onA).create();
      assertThat(awaitReason("on-a", "LifecycleFrozen").getMessage())
          .isEqualTo("creation waits: FailoverPolicy pair-a is frozen " + THAW);

      freeze(false);
      assertThat(cluster.awaitReady("on-a").getStatus().getPair()).isEqualTo("pair-a");
    }
  }

  @Test
  void deletionWaitsWithTheVolumeServingAndItsDataOnBothNodesThenCompletesAfterTheThaw()
      throws Exception {
    cluster.volume("data", "1Gi", Provisioning.THICK);
    String lv = cluster.awaitReady("data").getStatus().getLocalName();
    hci1.write(lv, 0, MIB, "t1");
    freeze(true);

    cluster.client.resources(Volume.class).inNamespace(NS).withName("data").delete();
    Condition held = awaitReason("data", "LifecycleFrozen");
    assertThat(held.getStatus()).isEqualTo("False");
    assertThat(held.getMessage())
        .isEqualTo("deletion waits: FailoverPolicy pair-a is frozen " + THAW);
    assertThat(cluster.get("data").getStatus().getState()).isEqualTo(VolumeState.Deleting);
    // Still replicated and writable: a write reaches both replicas.
    hci1.write(lv, MIB, MIB, "t2 while frozen");
    assertThat(hci1.read(lv)).containsExactly("t1", "t2 while frozen");
    assertThat(hci2.read(lv)).containsExactly("t1", "t2 while frozen");
    assertThat(hci1.drbd().status())
        .singleElement()
        .satisfies(r -> assertThat(r.name()).isEqualTo(lv));

    freeze(false);
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.get("data") == null);
    for (SimulatedHost host : List.of(hci1, hci2)) {
      assertThat(host.lvm().report().lv(lv)).isEmpty();
      assertThat(host.drbd().status()).isEmpty();
    }
    assertThat(events("data", "LifecycleFrozen")).as("one event when it became held").isOne();
  }

  @Test
  void aGrowthWaitsWithoutAdvancingTheRequestedSizeAndIsAppliedAfterTheThaw() throws Exception {
    cluster.volume("data", "1Gi", Provisioning.THICK);
    String lv = cluster.awaitReady("data").getStatus().getLocalName();
    long lvBytes = hci1.lvm().report().lv(lv).orElseThrow().sizeBytes();
    export("attach-1");
    freeze(true);

    cluster.resize("data", "2Gi");
    Condition held = awaitReason("data", "LifecycleFrozen");
    assertThat(held.getMessage())
        .isEqualTo("cannot grow to 2Gi: extension waits: FailoverPolicy pair-a is frozen " + THAW);
    Volume serving = cluster.get("data");
    assertThat(serving.getStatus().getState()).isEqualTo(VolumeState.Available);
    assertThat(serving.getStatus().getRequestedSizeBytes()).isEqualTo(GIB);
    for (SimulatedHost host : List.of(hci1, hci2)) {
      assertThat(host.lvm().report().lv(lv).orElseThrow().sizeBytes()).isEqualTo(lvBytes);
    }
    assertThat(hci1.targets().list()).hasSize(1);

    freeze(false);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              cluster.syncClock.advance(Duration.ofSeconds(20));
              Volume v = cluster.get("data");
              return v.getStatus().getSizeBytes() >= 2 * GIB
                  && Conditions.isTrue(v.getStatus(), ConditionType.Ready);
            });
    assertThat(cluster.get("data").getStatus().getRequestedSizeBytes()).isEqualTo(2 * GIB);
  }

  @Test
  void exportsComeAndGoAndASwitchoverRunsWhileFrozen() throws Exception {
    cluster.volume("data", "1Gi", Provisioning.THIN);
    String iqn =
        "iqn.2010-10.org.openstack:" + cluster.awaitReady("data").getStatus().getLocalName();
    export("attach-1");
    freeze(true);
    hci1.iscsiLogin(iqn, "10.0.251.21:3260", CLIENT, null);

    // Detach and attach again: data access, never held.
    cluster.client.resources(VolumeExport.class).inNamespace(NS).withName("attach-1").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> hci1.targets().list().isEmpty());
    export("attach-2");
    hci1.iscsiLogin(iqn, "10.0.251.21:3260", CLIENT, null);

    // The seed's runbook fails over and freezes: a switchover is not a lifecycle operation.
    PolicyEdits.activate(cluster.client, "pair-a", "hci-0002@EBS");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "hci-0002".equals(exportOf("attach-2").getStatus().getNode()));
    hci2.iscsiLogin(iqn, "10.0.251.22:3260", CLIENT, null);
    Volume switched = cluster.awaitReady("data");
    assertThat(switched.getStatus().getPrimaryNode()).isEqualTo("hci-0002");
    assertThat(hci1.targets().list()).isEmpty();
  }

  private void freeze(boolean frozen) {
    PolicyEdits.setFrozen(cluster.client, "pair-a", frozen);
  }

  private Condition awaitReason(String name, String reason) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Volume v = cluster.get(name);
              assertThat(v).isNotNull();
              assertThat(v.getStatus()).isNotNull();
              assertThat(Conditions.find(v.getStatus(), ConditionType.Ready))
                  .hasValueSatisfying(
                      c -> assertThat(c.getReason()).as(c.getMessage()).isEqualTo(reason));
            });
    return Conditions.find(cluster.get(name).getStatus(), ConditionType.Ready).orElseThrow();
  }

  private long events(String name, String reason) {
    return cluster.client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .count();
  }

  private void export(String name) {
    VolumeExport export = new VolumeExport();
    export.getMetadata().setName(name);
    export.getMetadata().setNamespace(NS);
    VolumeExportSpec spec = new VolumeExportSpec();
    spec.setVolume("data");
    spec.setInitiators(List.of(CLIENT));
    export.setSpec(spec);
    cluster.client.resource(export).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                exportOf(name).getStatus() != null
                    && Conditions.isTrue(exportOf(name).getStatus(), ConditionType.Ready));
  }

  private VolumeExport exportOf(String name) {
    return cluster.client.resources(VolumeExport.class).inNamespace(NS).withName(name).get();
  }

  /** Edits spec.size as a user would; retried when the operator's status write came first. */
  private static Volume newVolume(String name, String size) {
    Volume volume = new Volume();
    volume.getMetadata().setName(name);
    volume.getMetadata().setNamespace(NS);
    volume.setSpec(new io.ovt.ebs.crds.volume.VolumeSpec());
    volume.getSpec().setSize(size);
    volume.getSpec().setProvisioning(Provisioning.THIN);
    return volume;
  }

  private static Volume clone(String name, String source) {
    Volume volume = newVolume(name, "1Gi");
    VolumeSource from = new VolumeSource();
    from.setVolume(source);
    volume.getSpec().setSource(from);
    return volume;
  }

  /**
   * Two more simulated hosts, hci-0003 and hci-0004, with volume groups of the given size, as
   * StorageNodes of a ReplicationPair pair-b without a FailoverPolicy; the caller closes them.
   */
  private SimulatedDaemons morePairB(long vgBytes) {
    SimulatedDaemons more =
        SimulatedDaemons.start(
            List.of(
                host("hci-0003", "10.0.10.23", vgBytes), host("hci-0004", "10.0.10.24", vgBytes)),
            cluster.daemons.network(),
            () -> TestCluster.TOKEN,
            Clock.systemUTC());
    for (String name : List.of("hci-0003", "hci-0004")) {
      StorageNode node = new StorageNode();
      node.getMetadata().setName(name);
      StorageNodeSpec spec = new StorageNodeSpec();
      spec.setBackendId(name + "@EBS");
      spec.setAddress("127.0.0.1");
      spec.setPort(more.port(name + "@EBS"));
      spec.setVolumeGroup("volumes");
      spec.setThinPool("pool");
      String address = name.equals("hci-0003") ? "10.0.10.23" : "10.0.10.24";
      spec.setTargetPortals(List.of(address.replace("10.0.10.", "10.0.251.") + ":3260"));
      spec.setReplicationAddress(address);
      node.setSpec(spec);
      cluster.client.resource(node).create();
      cluster.awaitNodeReady(name);
    }
    cluster.pair("pair-b", "hci-0003", "hci-0004");
    return more;
  }

  private static SimulatedDaemons.HostSpec host(String name, String address, long vgBytes) {
    return new SimulatedDaemons.HostSpec(
        name + "@EBS", name, address, vgBytes, "pool", vgBytes / 2, "127.0.0.1", 0);
  }
}

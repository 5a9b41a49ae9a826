package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.SnapshotSpec;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.crds.volume.VolumeSource;
import io.ovt.ebs.crds.volume.VolumeStatus;
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
 * Snapshots on real LVM and DRBD, through custom resources only: taken while the client writes,
 * both replicas hold the same bytes, and a volume restored from it holds them too; thin and thick;
 * a volume with snapshots is not deleted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotIT {
  private static final String NS = OperatorOnVms.NS;

  /**
   * The client's writer: 1 MiB direct writes over the first 64 MiB, counted, until told to stop.
   */
  private static final String WRITER =
      "i=0; while [ ! -e /tmp/stop ]; do"
          + " dd if=/dev/urandom of=\"$0\" bs=1M count=1 seek=$((i % 64)) oflag=direct"
          + " conv=notrunc 2>/dev/null || exit 1; i=$((i+1)); echo $i > /tmp/count; done;"
          + " echo $i > /tmp/writes";

  @RegisterExtension static final VmClusterExtension VMS = new VmClusterExtension();

  private OperatorOnVms ops;
  private String snapshotSum;

  @BeforeAll
  void startStorageAndOperator() {
    ops = new OperatorOnVms(VMS.cluster(), null);
  }

  @AfterAll
  void stop() {
    if (ops != null) {
      ops.close();
    }
  }

  @Test
  @Order(1)
  void aSnapshotTakenWhileTheClientWritesHoldsTheSameBytesOnBothReplicas() {
    ops.client.resource(E2eResources.volume("src", "96Mi", Provisioning.THICK)).create();
    VolumeStatus src = ops.awaitVolumeReady("src").getStatus();
    ops.client.resource(E2eResources.export("attach-src", "src")).create();
    VolumeExport exported = ops.awaitExportOn("attach-src", "hci-0001");
    String portal = exported.getStatus().getTargetPortals().get(0);
    String iqn = exported.getStatus().getTargetIqn();
    Vm clientVm = ops.cluster.vm(Topology.CLIENT);
    String device = IscsiClient.login(clientVm, portal, iqn, exported.getStatus().getTargetLun());

    clientVm.execOk(
        List.of(
            "sh",
            "-c",
            "rm -f /tmp/stop /tmp/count /tmp/writes; nohup sh -c '"
                + WRITER
                + "' "
                + device
                + " </dev/null >/dev/null 2>&1 &"),
        Duration.ofSeconds(30));
    long before = awaitWrites(clientVm, 3);
    ops.client.resource(snapshot("snap-thick", "src")).create();
    long asked = System.nanoTime();
    Snapshot taken = ops.awaitSnapshotReady("snap-thick");
    // How close the steps under the hold came to it: attempts that failed, and the time taken.
    System.out.printf(
        "snapshot Ready %d s after it was asked for; events: %s%n",
        (System.nanoTime() - asked) / 1_000_000_000L,
        ops.client.v1().events().inNamespace(NS).list().getItems().stream()
            .filter(e -> "snap-thick".equals(e.getInvolvedObject().getName()))
            .map(e -> e.getReason() + " (" + e.getMessage() + ")")
            .toList());
    long atReady = writes(clientVm);
    awaitWrites(clientVm, atReady + 3);
    clientVm.execOk("touch", "/tmp/stop");
    await("writer stopped")
        .atMost(Duration.ofMinutes(1))
        .until(() -> clientVm.exec(List.of("test", "-e", "/tmp/writes")).exitCode() == 0);
    System.out.printf(
        "client writes: %d before the snapshot was asked for, %d when it was ready, %s in all%n",
        before, atReady, clientVm.readString("/tmp/writes").strip());

    assertThat(taken.getStatus().getNodes()).containsExactly("hci-0001", "hci-0002");
    String lv = taken.getStatus().getLocalName();
    long bytes = taken.getStatus().getDataBytes();
    String onPrimary = md5(ops.cluster.vm(Topology.HCI_1), "/dev/volumes/" + lv, bytes);
    String onSecondary = md5(ops.cluster.vm(Topology.HCI_2), "/dev/volumes/" + lv, bytes);
    String live =
        md5(ops.cluster.vm(Topology.HCI_1), "/dev/drbd" + src.getDrbd().getMinor(), bytes);
    System.out.printf(
        "snapshot %s (%d bytes): md5 %s on hci-0001, %s on hci-0002; live volume now %s%n",
        lv, bytes, onPrimary, onSecondary, live);
    assertThat(onSecondary).as("both replicas hold one point in time").isEqualTo(onPrimary);
    snapshotSum = onPrimary;
    assertThat(live).as("the client kept writing after the snapshot").isNotEqualTo(onPrimary);
    for (String host : Topology.STORAGE_HOSTS) {
      String lvs =
          ops.cluster
              .vm(host)
              .execOk("lvs", "--noheadings", "-o", "lv_name,origin,lv_attr", "volumes/" + lv)
              .stdout();
      assertThat(lvs).as(host).contains(src.getLocalName()).containsPattern("\\ss");
    }
    IscsiClient.logout(clientVm, portal, iqn);
    ops.client.resources(VolumeExport.class).inNamespace(NS).withName("attach-src").delete();
  }

  @Test
  @Order(2)
  void aVolumeRestoredFromTheSnapshotHoldsTheSnapshotPointOnBothReplicas() {
    Snapshot snap = ops.snapshot("snap-thick");
    long bytes = snap.getStatus().getDataBytes();
    Volume restored = E2eResources.volume("restored", "96Mi", Provisioning.THICK);
    VolumeSource source = new VolumeSource();
    source.setSnapshot("snap-thick");
    restored.getSpec().setSource(source);
    ops.client.resource(restored).create();
    VolumeStatus status = ops.awaitVolumeReady("restored").getStatus();

    ops.client.resource(E2eResources.export("attach-restored", "restored")).create();
    VolumeExport exported = ops.awaitExportOn("attach-restored", "hci-0001");
    String portal = exported.getStatus().getTargetPortals().get(0);
    String iqn = exported.getStatus().getTargetIqn();
    Vm clientVm = ops.cluster.vm(Topology.CLIENT);
    String device = IscsiClient.login(clientVm, portal, iqn, exported.getStatus().getTargetLun());
    String read = md5(clientVm, device, bytes);
    IscsiClient.logout(clientVm, portal, iqn);
    ops.client.resources(VolumeExport.class).inNamespace(NS).withName("attach-restored").delete();
    String onSecondary =
        md5(ops.cluster.vm(Topology.HCI_2), "/dev/volumes/" + status.getLocalName(), bytes);
    System.out.printf(
        "restored from %s: md5 %s through iSCSI, %s on hci-0002's replica; snapshot %s%n",
        snap.getStatus().getLocalName(), read, onSecondary, snapshotSum);
    assertThat(read).isEqualTo(snapshotSum);
    assertThat(onSecondary).as("the replica got the data by a full sync").isEqualTo(snapshotSum);
  }

  @Test
  @Order(3)
  void thinVolumesGetThinSnapshotsOnBothReplicas() {
    ops.client.resource(E2eResources.volume("thin", "64Mi", Provisioning.THIN)).create();
    VolumeStatus thin = ops.awaitVolumeReady("thin").getStatus();
    ops.cluster
        .vm(Topology.HCI_1)
        .execOk(
            List.of(
                "dd",
                "if=/dev/urandom",
                "of=/dev/drbd" + thin.getDrbd().getMinor(),
                "bs=1M",
                "count=16",
                "oflag=direct"),
            Duration.ofMinutes(1));
    ops.client.resource(snapshot("snap-thin", "thin")).create();
    Snapshot taken = ops.awaitSnapshotReady("snap-thin");
    String lv = taken.getStatus().getLocalName();
    long bytes = taken.getStatus().getDataBytes();
    String first = null;
    for (String host : Topology.STORAGE_HOSTS) {
      Vm vm = ops.cluster.vm(host);
      String lvs =
          vm.execOk("lvs", "--noheadings", "-o", "lv_attr,origin,pool_lv", "volumes/" + lv)
              .stdout()
              .strip();
      System.out.println(host + " thin snapshot: " + lvs);
      assertThat(lvs).as(host).startsWith("V").contains(thin.getLocalName()).contains("pool");
      String sum = md5(vm, "/dev/volumes/" + lv, bytes);
      first = first == null ? sum : first;
      assertThat(sum).as(host).isEqualTo(first);
    }
  }

  @Test
  @Order(4)
  void aVolumeWithASnapshotStaysUntilTheSnapshotIsDeleted() {
    String snapLv = ops.snapshot("snap-thin").getStatus().getLocalName();
    String volumeLv = ops.volume("thin").getStatus().getLocalName();
    ops.client.resources(Volume.class).inNamespace(NS).withName("thin").delete();
    Volume blocked = ops.awaitReason(Volume.class, "thin", Volume::getStatus, "DeleteBlocked");
    String why =
        Conditions.find(blocked.getStatus(), ConditionType.Ready).orElseThrow().getMessage();
    System.out.println("deleting a volume with a snapshot: " + why);
    assertThat(why).contains("has snapshots (" + snapLv + ")");
    assertThat(lvNames(Topology.HCI_1)).contains(volumeLv, snapLv);

    ops.client.resources(Snapshot.class).inNamespace(NS).delete();
    ops.awaitUntil(
        "volumes and snapshots gone",
        () ->
            ops.client.resources(Snapshot.class).inNamespace(NS).list().getItems().isEmpty()
                && ops.volume("thin") == null,
        gone -> gone);
    ops.client.resources(Volume.class).inNamespace(NS).delete();
    ops.awaitUntil(
        "every volume gone",
        () -> ops.client.resources(Volume.class).inNamespace(NS).list().getItems().isEmpty(),
        gone -> gone);
    for (String host : Topology.STORAGE_HOSTS) {
      assertThat(lvNames(host)).as(host).containsExactly("pool");
    }
  }

  private List<String> lvNames(String host) {
    return ops.cluster
        .vm(host)
        .execOk("lvs", "--noheadings", "-o", "lv_name", "volumes")
        .stdout()
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .toList();
  }

  private static Snapshot snapshot(String name, String volume) {
    Snapshot snapshot = new Snapshot();
    snapshot.getMetadata().setName(name);
    snapshot.getMetadata().setNamespace(NS);
    SnapshotSpec spec = new SnapshotSpec();
    spec.setVolume(volume);
    snapshot.setSpec(spec);
    return snapshot;
  }

  /**
   * The md5 of a device's first bytes. The page cache goes first: udev read a new LV's first blocks
   * before DRBD wrote under it, and a buffered read would show those stale zeros.
   */
  private static String md5(Vm vm, String device, long bytes) {
    return IscsiClient.md5(
        vm,
        List.of(
            "sh",
            "-c",
            "blockdev --flushbufs "
                + device
                + " && head -c "
                + bytes
                + " "
                + device
                + " | md5sum"));
  }

  private static long writes(Vm vm) {
    String count = vm.exec(List.of("cat", "/tmp/count")).stdout().strip();
    return count.isEmpty() ? 0 : Long.parseLong(count);
  }

  private static long awaitWrites(Vm vm, long atLeast) {
    await("client writes reach " + atLeast)
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> writes(vm) >= atLeast);
    return writes(vm);
  }
}

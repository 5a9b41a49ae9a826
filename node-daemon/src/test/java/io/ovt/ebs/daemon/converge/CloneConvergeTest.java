package io.ovt.ebs.daemon.converge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvKind;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.sim.SimOperation;
import io.ovt.ebs.nodeapi.DesiredDrbd;
import io.ovt.ebs.nodeapi.DesiredSource;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.DrbdProtocol;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.Role;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Volumes made from another LV of the host (clones, volumes from snapshots) on simulated hosts: the
 * new volume holds exactly the source's data at one point in time, its peer gets it by a full sync,
 * and it is independent of the source afterwards unless it is a thin snapshot of it.
 */
class CloneConvergeTest {
  private static final long MIB = 1L << 20;
  private static final long SIZE = 256 * MIB;

  private final TwoHosts hosts = new TwoHosts();

  @Test
  void aThickCloneOfAReplicatedVolumeHoldsItsDataAtOnePointAndItsPeerGetsItByAFullSync()
      throws Exception {
    long capacity = replicatedSource("src", Provisioning.THICK);
    write("src", 0, "t1");
    write("src", 1, "t2");

    hosts.a.holdCopies();
    hosts.onB.converge(replica("cl", Provisioning.THICK, false, null));
    ObservedVolume copying =
        hosts.onA.converge(
            replica("cl", Provisioning.THICK, true, new DesiredSource("src", capacity)));
    assertThat(copying.drbd()).as("DRBD waits for the data").isNull();
    assertThat(copying.initialization().source()).isEqualTo("src");
    awaitHeldHalfWay("cl");
    assertThat(hosts.onA.observe("src").orElseThrow().dependents()).contains("cl", "cl-src");

    write("src", 2, "written during the copy");
    hosts.a.releaseCopies();
    ObservedVolume primary =
        awaitConverged(
            () -> replica("cl", Provisioning.THICK, true, new DesiredSource("src", capacity)));
    assertThat(primary.drbd().role()).isEqualTo(Role.PRIMARY);
    hosts.clock.advance(Duration.ofSeconds(30));

    ObservedVolume secondary = hosts.onB.observe("cl").orElseThrow();
    assertThat(secondary.drbd().disk()).isEqualTo(DiskState.UpToDate);
    assertThat(hosts.a.read("cl")).containsExactly("t1", "t2");
    assertThat(hosts.b.read("cl")).as("the full sync carried the data").containsExactly("t1", "t2");
    assertThat(hosts.a.read("src")).contains("written during the copy");
    assertThat(hosts.a.lvm().report().lv("cl-src")).as("temporary snapshot removed").isEmpty();
    assertThat(hosts.a.lvm().report().lv("cl").orElseThrow().tags())
        .containsExactly(HostLayout.DEFAULT_TAG);
    assertThat(hosts.onA.observe("src").orElseThrow().dependents()).isEmpty();

    write("cl", 3, "only in the clone");
    write("src", 4, "only in the source");
    assertThat(hosts.a.read("cl")).doesNotContain("only in the source");
    assertThat(hosts.b.read("src")).doesNotContain("only in the clone");
    hosts.onA.converge(replica("cl", Provisioning.THICK, true, null));
  }

  @Test
  void aThinCloneOfTheSameSizeIsAThinSnapshotThatKeepsDependingOnItsSource() throws Exception {
    long capacity = replicatedSource("src", Provisioning.THIN);
    write("src", 0, "t1");

    hosts.onB.converge(replica("cl", Provisioning.THIN, false, null));
    ObservedVolume primary =
        awaitConverged(
            () -> replica("cl", Provisioning.THIN, true, new DesiredSource("src", capacity)));
    assertThat(primary.drbd().role()).isEqualTo(Role.PRIMARY);
    LogicalVolume lv = hosts.a.lvm().report().lv("cl").orElseThrow();
    assertThat(lv.kind()).isEqualTo(LvKind.THIN);
    assertThat(lv.origin()).isEqualTo("src");
    hosts.clock.advance(Duration.ofSeconds(30));
    assertThat(hosts.onB.observe("cl").orElseThrow().drbd().disk()).isEqualTo(DiskState.UpToDate);
    assertThat(hosts.b.read("cl")).containsExactly("t1");

    assertThat(hosts.onA.observe("src").orElseThrow().dependents()).containsExactly("cl");
    assertThatThrownBy(() -> hosts.onA.remove("src"))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.HAS_DEPENDENTS))
        .hasMessageContaining("cl");
    assertThat(hosts.a.lvm().report().lv("src")).isPresent();

    hosts.onA.remove("cl");
    hosts.onA.remove("src");
    assertThat(hosts.a.lvm().report().lv("src")).isEmpty();
  }

  @Test
  void aThinCloneOfAnotherSizeIsASparseCopyAndIndependent() throws Exception {
    hosts.onA.converge(single("src", SIZE, Provisioning.THIN, null));
    write("src", 0, "t1");
    ObservedVolume clone =
        awaitConverged(
            () -> single("cl", 2 * SIZE, Provisioning.THIN, new DesiredSource("src", SIZE)));
    assertThat(clone.lv().sizeBytes()).isEqualTo(2 * SIZE);
    assertThat(hosts.a.lvm().report().lv("cl").orElseThrow().origin()).isNull();
    assertThat(hosts.a.read("cl")).containsExactly("t1");
    hosts.onA.remove("src");
    assertThat(hosts.a.read("cl")).containsExactly("t1");
  }

  @Test
  void aDaemonRestartedMidCopyCopiesAgainFromTheStart() throws Exception {
    hosts.onA.converge(single("src", SIZE, Provisioning.THICK, null));
    write("src", 0, "t1");
    write("src", 200, "t2");
    hosts.a.holdCopies();
    DesiredVolume clone = single("cl", SIZE, Provisioning.THICK, new DesiredSource("src", SIZE));
    assertThat(hosts.onA.converge(clone).initialization()).isNotNull();
    awaitHeldHalfWay("cl");
    hosts.a.faults().failAlways(SimOperation.BLOCK_COPY, "Input/output error");
    hosts.a.releaseCopies();
    await().until(() -> hosts.onA.observe("cl").orElseThrow().initialization().error() != null);
    assertThat(hosts.a.read("cl")).as("half copied").containsExactly("t1");

    Converger restarted = new Converger(hosts.a, hosts.layoutA);
    hosts.a.faults().clear();
    await().untilAsserted(() -> assertThat(restarted.converge(clone).initialization()).isNull());
    assertThat(hosts.a.read("cl")).containsExactly("t1", "t2");
    assertThat(hosts.a.lvm().report().lv("cl-src")).isEmpty();
  }

  @Test
  void aSourceTooBigForTheVolumeGroupIsRefusedAndLeavesNothing() throws Exception {
    hosts.onA.converge(single("src", 12 * TwoHosts.GIB, Provisioning.THICK, null));
    DesiredVolume clone =
        single("cl", 12 * TwoHosts.GIB, Provisioning.THICK, new DesiredSource("src", SIZE));
    assertThatThrownBy(() -> hosts.onA.converge(clone))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SPACE));
    assertThat(hosts.a.lvm().report().lv("cl")).isEmpty();
  }

  @Test
  void aSourceThatIsMissingForeignOrTooBigForTheDeviceIsRefused() throws Exception {
    assertThatThrownBy(
            () ->
                hosts.onA.converge(
                    single("cl", SIZE, Provisioning.THICK, new DesiredSource("nope", SIZE))))
        .hasMessageContaining("not on this node");
    hosts.a.lvm().createThick("foreign", SIZE, java.util.Set.of("someone-else"));
    assertThatThrownBy(
            () ->
                hosts.onA.converge(
                    single("cl", SIZE, Provisioning.THICK, new DesiredSource("foreign", SIZE))))
        .hasMessageContaining("does not carry the tag");
    hosts.onA.converge(single("src", SIZE, Provisioning.THICK, null));
    assertThatThrownBy(
            () ->
                hosts.onA.converge(
                    replica("cl", Provisioning.THICK, true, new DesiredSource("src", SIZE))))
        .hasMessageContaining("do not fit");
    assertThat(hosts.a.lvm().report().lv("cl")).isEmpty();
  }

  @Test
  void convergingAFinishedCloneAgainRunsNothing() throws Exception {
    hosts.onA.converge(single("src", SIZE, Provisioning.THICK, null));
    DesiredVolume clone = single("cl", SIZE, Provisioning.THICK, new DesiredSource("src", SIZE));
    ObservedVolume first = awaitConverged(() -> clone);
    for (SimOperation operation : SimOperation.values()) {
      hosts.a.faults().failAlways(operation, "must not run");
    }
    assertThat(hosts.onA.converge(clone)).isEqualTo(first);
  }

  /** A replicated volume on A (primary) and B, in sync; returns its device size. */
  private long replicatedSource(String name, Provisioning provisioning) throws StorageException {
    hosts.onB.converge(replicaOf(name, provisioning, false, null, 1000, 7001));
    hosts.onA.converge(replicaOf(name, provisioning, true, null, 1000, 7001));
    hosts.clock.advance(Duration.ofSeconds(30));
    ObservedVolume seen = hosts.onA.converge(replicaOf(name, provisioning, true, null, 1000, 7001));
    assertThat(seen.drbd().peerDisk()).isEqualTo(DiskState.UpToDate);
    return seen.capacityBytes();
  }

  private ObservedVolume awaitConverged(Supplier<DesiredVolume> desired) {
    ObservedVolume[] last = new ObservedVolume[1];
    await()
        .untilAsserted(
            () -> {
              last[0] = hosts.onA.converge(desired.get());
              assertThat(last[0].initialization()).isNull();
              if (desired.get().drbd() != null) {
                assertThat(last[0].drbd()).isNotNull();
                assertThat(last[0].drbd().role()).isEqualTo(Role.PRIMARY);
              }
            });
    return last[0];
  }

  private void awaitHeldHalfWay(String name) {
    await()
        .untilAsserted(
            () ->
                assertThat(hosts.onA.observe(name).orElseThrow().initialization().percent())
                    .isEqualTo(50.0));
  }

  private void write(String volume, int mib, String token) {
    hosts.a.write(volume, mib * MIB, MIB, token);
  }

  private static DesiredVolume replica(
      String name, Provisioning provisioning, boolean onA, DesiredSource source) {
    return replicaOf(name, provisioning, onA, source, 1001, 7002);
  }

  private static DesiredVolume replicaOf(
      String name,
      Provisioning provisioning,
      boolean onA,
      DesiredSource source,
      int minor,
      int port) {
    InitialSync initial =
        source == null && provisioning == Provisioning.THIN && name.equals("src")
            ? InitialSync.ZEROED
            : InitialSync.FULL;
    return new DesiredVolume(
        name,
        SIZE,
        provisioning,
        new DesiredDrbd(
            minor,
            port,
            DrbdProtocol.C,
            onA ? "10.0.10.21" : "10.0.10.22",
            new DesiredDrbd.DrbdPeer(
                onA ? "hci-0002" : "hci-0001", onA ? "10.0.10.22" : "10.0.10.21"),
            onA ? Role.PRIMARY : Role.SECONDARY,
            100 * 1024,
            initial),
        List.of(),
        source);
  }

  private static DesiredVolume single(
      String name, long size, Provisioning provisioning, DesiredSource source) {
    return new DesiredVolume(name, size, provisioning, null, List.of(), source);
  }
}

package io.ovt.ebs.daemon.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.DrbdProtocol;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulated host refuses what LVM, DRBD and LIO refuse, and replicates as DRBD does. */
class SimulatedHostTest {
  private static final long GIB = 1L << 30;
  private static final String TAG = "ebs.ovt.io";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SimulatedNetwork network = new SimulatedNetwork(clock);
  private final SimulatedHost a =
      new SimulatedHost(network, "hci-0001", "10.0.10.21", "volumes", 20 * GIB, "pool", 8 * GIB);
  private final SimulatedHost b =
      new SimulatedHost(network, "hci-0002", "10.0.10.22", "volumes", 20 * GIB, "pool", 8 * GIB);

  @Test
  void thickLvNeedsFreeExtentsAndThinLvsMayOvercommitThePool() throws StorageException {
    a.lvm().createThick("big", 11 * GIB, Set.of(TAG));
    assertThatThrownBy(() -> a.lvm().createThick("more", 2 * GIB, Set.of(TAG)))
        .isInstanceOf(StorageException.class)
        .satisfies(e -> assertThat(((StorageException) e).code()).isEqualTo(ErrorCode.NO_SPACE))
        .hasMessageContaining("insufficient free space");
    a.lvm().createThin("thin", 50 * GIB, "pool", Set.of(TAG));
    assertThat(a.lvm().report().lv("thin")).isPresent();
  }

  @Test
  void lvsRoundUpToExtentsAndNeverShrink() throws StorageException {
    a.lvm().createThick("v", 5_000_000, Set.of(TAG));
    assertThat(a.lvm().report().lv("v").orElseThrow().sizeBytes()).isEqualTo(8L << 20);
    assertThatThrownBy(() -> a.lvm().extend("v", 4L << 20))
        .hasMessageContaining("not larger than existing size");
  }

  @Test
  void fullInitialSyncRunsAtTheResyncRateThenBothAreUpToDate() throws StorageException {
    upOnBoth("r1", 1000, 7001, GIB);
    a.drbd().primary("r1", true);
    DrbdResourceStatus syncing = status(a, "r1");
    assertThat(syncing.replication()).isEqualTo(ReplicationState.SyncSource);
    assertThat(status(b, "r1").disk()).isEqualTo(DiskState.Inconsistent);
    clock.advance(Duration.ofSeconds(5)); // 100 MiB/s configured: half of 1 GiB
    assertThat(status(b, "r1").syncPercent()).isBetween(45.0, 55.0);
    clock.advance(Duration.ofSeconds(6));
    assertThat(status(b, "r1").disk()).isEqualTo(DiskState.UpToDate);
    assertThat(status(a, "r1").replication()).isEqualTo(ReplicationState.Established);
    assertThat(status(a, "r1").peerDisk()).isEqualTo(DiskState.UpToDate);
  }

  @Test
  void promotionNeedsUpToDateDataAndOnlyOnePrimaryAtATime() throws StorageException {
    upOnBoth("r1", 1000, 7001, GIB);
    assertThatThrownBy(() -> a.drbd().primary("r1", false))
        .hasMessageContaining("Need access to UpToDate data");
    a.drbd().skipInitialSync("r1");
    a.drbd().primary("r1", false);
    assertThatThrownBy(() -> b.drbd().primary("r1", false))
        .hasMessageContaining("Multiple primaries not allowed");
  }

  @Test
  void anExportedDeviceCannotBeDemotedDownedOrItsLvRemoved() throws StorageException {
    upOnBoth("r1", 1000, 7001, GIB);
    a.drbd().skipInitialSync("r1");
    a.drbd().primary("r1", false);
    a.targets()
        .ensure(
            new TargetSpec(
                "iqn.2010-10.org.openstack:r1",
                "r1",
                "/dev/drbd1000",
                0,
                List.of("iqn.1993-08.org.debian:01:c1"),
                List.of("10.0.251.21:3260")));
    assertThatThrownBy(() -> a.drbd().secondary("r1")).hasMessageContaining("held open");
    assertThatThrownBy(() -> a.drbd().down("r1")).hasMessageContaining("held open");
    assertThatThrownBy(() -> a.lvm().remove("r1")).hasMessageContaining("in use");
    a.targets().remove("iqn.2010-10.org.openstack:r1");
    a.drbd().secondary("r1");
  }

  @Test
  void aSecondaryCannotBeExported() throws StorageException {
    upOnBoth("r1", 1000, 7001, GIB);
    assertThatThrownBy(
            () ->
                b.targets()
                    .ensure(
                        new TargetSpec(
                            "iqn.2010-10.org.openstack:r1",
                            "r1",
                            "/dev/drbd1000",
                            0,
                            List.of(),
                            List.of())))
        .hasMessageContaining("Wrong medium type");
  }

  @Test
  void minorsAndPortsCannotBeSharedOnAHost() throws StorageException {
    upOnBoth("r1", 1000, 7001, GIB);
    a.lvm().createThick("r2", GIB, Set.of(TAG));
    assertThatThrownBy(() -> a.drbd().writeConfig(config(a, b, "r2", 1000, 7002)))
        .satisfies(
            e -> assertThat(((StorageException) e).code()).isEqualTo(ErrorCode.RESOURCE_IN_USE));
    assertThatThrownBy(() -> a.drbd().writeConfig(config(a, b, "r2", 1001, 7001)))
        .hasMessageContaining("conflicting use of IP");
  }

  @Test
  void writesOnBothSidesWhileCutAreASplitBrainAndNeverResyncSilently() throws StorageException {
    upOnBoth("r1", 1000, 7001, GIB);
    a.drbd().skipInitialSync("r1");
    network.cut("10.0.10.21", "10.0.10.22");
    assertThat(status(a, "r1").connection()).isEqualTo(ConnectionState.Connecting);
    a.drbd().primary("r1", false);
    b.drbd().primary("r1", false);
    a.drbd().secondary("r1");
    b.drbd().secondary("r1");
    network.heal("10.0.10.21", "10.0.10.22");
    assertThat(status(a, "r1").connection()).isEqualTo(ConnectionState.StandAlone);
    assertThat(status(b, "r1").connection()).isEqualTo(ConnectionState.StandAlone);
  }

  @Test
  void aPrimaryThatWroteAloneResyncsItsPeerWhenTheLinkReturns() throws StorageException {
    upOnBoth("r1", 1000, 7001, GIB);
    a.drbd().skipInitialSync("r1");
    a.drbd().primary("r1", false);
    network.cut("10.0.10.21", "10.0.10.22");
    assertThat(status(a, "r1").peerDisk()).isEqualTo(DiskState.DUnknown);
    network.heal("10.0.10.21", "10.0.10.22");
    assertThat(status(a, "r1").replication()).isEqualTo(ReplicationState.SyncSource);
    clock.advance(Duration.ofSeconds(20));
    assertThat(status(b, "r1").disk()).isEqualTo(DiskState.UpToDate);
  }

  @Test
  void snapshotsTakeCowSpaceForThickOriginsAndShareThinPoolsAndGoWithTheirOrigin()
      throws StorageException {
    a.lvm().createThick("vol", GIB, Set.of(TAG));
    a.lvm().createThin("thin", GIB, "pool", Set.of(TAG));
    long freeBefore = a.lvm().report().freeBytes();
    a.lvm().createSnapshot("vol", "vol-snap", 256L << 20, Set.of(TAG));
    a.lvm().createSnapshot("thin", "thin-snap", 0, Set.of(TAG));
    var report = a.lvm().report();
    assertThat(report.freeBytes()).isEqualTo(freeBefore - (256L << 20));
    assertThat(report.lv("vol-snap").orElseThrow().origin()).isEqualTo("vol");
    assertThat(report.lv("thin-snap").orElseThrow().kind())
        .isEqualTo(io.ovt.ebs.daemon.host.LvKind.THIN);
    assertThatThrownBy(() -> a.lvm().createSnapshot("vol", "too-big", 30 * GIB, Set.of(TAG)))
        .satisfies(e -> assertThat(((StorageException) e).code()).isEqualTo(ErrorCode.NO_SPACE));
    a.lvm().remove("vol");
    assertThat(a.lvm().report().lv("vol-snap"))
        .as("lvremove -y takes classic snapshots along")
        .isEmpty();
    a.lvm().remove("thin");
    assertThat(a.lvm().report().lv("thin-snap")).as("thin snapshots stand alone").isPresent();
  }

  @Test
  void anActiveThickSnapshotOriginCannotGrowButAThinOneCan() throws StorageException {
    a.lvm().createThick("vol", GIB, Set.of(TAG));
    a.lvm().createThin("thin", GIB, "pool", Set.of(TAG));
    a.lvm().createSnapshot("vol", "vol-snap", 256L << 20, Set.of(TAG));
    a.lvm().createSnapshot("thin", "thin-snap", 0, Set.of(TAG));
    assertThatThrownBy(() -> a.lvm().extend("vol", 2 * GIB))
        .hasMessageContaining("Snapshot origin volumes can be resized only while inactive");
    assertThat(a.lvm().report().lv("vol").orElseThrow().sizeBytes()).isEqualTo(GIB);
    a.lvm().extend("thin", 2 * GIB);
    assertThat(a.lvm().report().lv("thin").orElseThrow().sizeBytes()).isEqualTo(2 * GIB);
  }

  @Test
  void resizeGrowsToTheSmallerSideOnlyFromAPrimaryAndNeverDuringAResync() throws StorageException {
    upOnBoth("r1", 1000, 7001, GIB);
    long before = status(a, "r1").sizeBytes();
    assertThatThrownBy(() -> a.drbd().resize("r1")).hasMessageContaining("Need one Primary");
    a.drbd().primary("r1", true);
    a.lvm().extend("r1", 2 * GIB);
    assertThatThrownBy(() -> a.drbd().resize("r1")).hasMessageContaining("during resync");
    clock.advance(Duration.ofSeconds(30));
    a.drbd().resize("r1");
    assertThat(status(a, "r1").sizeBytes()).as("the peer has not grown").isEqualTo(before);
    b.lvm().extend("r1", 2 * GIB);
    a.drbd().resize("r1");
    DrbdResourceStatus grown = status(a, "r1");
    assertThat(grown.sizeBytes()).isGreaterThan(2 * GIB - (1L << 20));
    assertThat(status(b, "r1").sizeBytes()).isEqualTo(grown.sizeBytes());
    assertThat(grown.replication()).as("the new area syncs").isEqualTo(ReplicationState.SyncSource);
    assertThat(grown.syncPercent()).isGreaterThanOrEqualTo(49.9);
    clock.advance(Duration.ofSeconds(30));
    assertThat(status(b, "r1").disk()).isEqualTo(DiskState.UpToDate);
  }

  @Test
  void injectedFaultsFailLikeACommandWithItsStderr() {

    a.faults().failNext(SimOperation.LV_CREATE, "  device-mapper: reload ioctl failed");
    assertThatThrownBy(() -> a.lvm().createThick("v", GIB, Set.of(TAG)))
        .isInstanceOf(StorageException.class)
        .satisfies(
            e -> {
              StorageException se = (StorageException) e;
              assertThat(se.code()).isEqualTo(ErrorCode.COMMAND_FAILED);
              assertThat(se.command()).startsWith("lvcreate");
              assertThat(se.stderr()).contains("reload ioctl failed");
            });
  }

  private void upOnBoth(String name, int minor, int port, long size) throws StorageException {
    for (SimulatedHost[] pair : new SimulatedHost[][] {{a, b}, {b, a}}) {
      pair[0].lvm().createThick(name, size, Set.of(TAG));
      pair[0].drbd().writeConfig(config(pair[0], pair[1], name, minor, port));
      pair[0].drbd().ensureMetadata(name);
      pair[0].drbd().up(name);
    }
  }

  private static DrbdResourceConfig config(
      SimulatedHost self, SimulatedHost peer, String name, int minor, int port) {
    return new DrbdResourceConfig(
        name,
        minor,
        port,
        DrbdProtocol.C,
        new DrbdResourceConfig.Endpoint(
            self.hostname(), self.replicationAddress(), "/dev/volumes/" + name),
        new DrbdResourceConfig.Endpoint(peer.hostname(), peer.replicationAddress(), null),
        100 * 1024);
  }

  private static DrbdResourceStatus status(SimulatedHost host, String name)
      throws StorageException {
    return host.drbd().status().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void roleIsReportedForBothEnds() throws StorageException {
    upOnBoth("r1", 1000, 7001, GIB);
    a.drbd().skipInitialSync("r1");
    a.drbd().primary("r1", false);
    assertThat(status(b, "r1").peerRole()).isEqualTo(Role.PRIMARY);
    assertThat(status(b, "r1").role()).isEqualTo(Role.SECONDARY);
  }
}

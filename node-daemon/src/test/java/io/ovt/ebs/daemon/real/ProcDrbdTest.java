package io.ovt.ebs.daemon.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import org.junit.jupiter.api.Test;

/** /proc/drbd as DRBD 8.4.11 printed it in the VMs, in every state the daemon meets. */
class ProcDrbdTest {

  private static ProcDrbd.Minor only(String file) {
    var minors = ProcDrbd.parse(RealOutputs.read(file));
    assertThat(minors).as(file).hasSize(1);
    return minors.get(0);
  }

  @Test
  void versionAndNoResources() {
    String text = RealOutputs.read("proc-drbd-loaded-no-resources.txt");
    assertThat(ProcDrbd.version(text)).isEqualTo("8.4.11");
    assertThat(ProcDrbd.parse(text)).isEmpty();
  }

  @Test
  void waitingForThePeer() {
    ProcDrbd.Minor m = only("proc-drbd-wfconnection-peer-down.txt");
    assertThat(m.minor()).isEqualTo(1000);
    assertThat(m.connection()).isEqualTo(ConnectionState.Connecting);
    assertThat(m.replication()).isEqualTo(ReplicationState.Off);
    assertThat(m.role()).isEqualTo(Role.SECONDARY);
    assertThat(m.peerRole()).isNull();
    assertThat(m.disk()).isEqualTo(DiskState.Inconsistent);
    assertThat(m.peerDisk()).isEqualTo(DiskState.DUnknown);
  }

  @Test
  void nothingInFlightAndIoFlowingOnAnIdlePrimary() {
    ProcDrbd.Minor m = only("proc-drbd-connected-primary.txt");
    assertThat(m.suspended()).isFalse();
    assertThat(m.inFlight()).isNotNull();
    assertThat(m.inFlight().isEmpty()).isTrue();
  }

  @Test
  void newMetadataOnBothSides() {
    ProcDrbd.Minor m = only("proc-drbd-connected-inconsistent.txt");
    assertThat(m.connection()).isEqualTo(ConnectionState.Connected);
    assertThat(m.replication()).isEqualTo(ReplicationState.Established);
    assertThat(m.disk()).isEqualTo(DiskState.Inconsistent);
    assertThat(m.peerDisk()).isEqualTo(DiskState.Inconsistent);
  }

  @Test
  void bothEndsOfAResyncWithItsProgress() {
    ProcDrbd.Minor source = only("proc-drbd-sync-source.txt");
    assertThat(source.replication()).isEqualTo(ReplicationState.SyncSource);
    assertThat(source.role()).isEqualTo(Role.PRIMARY);
    assertThat(source.syncPercent()).isEqualTo(6.3);
    ProcDrbd.Minor target = only("proc-drbd-sync-target.txt");
    assertThat(target.replication()).isEqualTo(ReplicationState.SyncTarget);
    assertThat(target.disk()).isEqualTo(DiskState.Inconsistent);
    assertThat(target.syncPercent()).isNotNull().isBetween(0.0, 100.0);
  }

  @Test
  void inSyncFromBothSides() {
    ProcDrbd.Minor primary = only("proc-drbd-connected-primary.txt");
    assertThat(primary.role()).isEqualTo(Role.PRIMARY);
    assertThat(primary.peerRole()).isEqualTo(Role.SECONDARY);
    assertThat(primary.disk()).isEqualTo(DiskState.UpToDate);
    assertThat(primary.peerDisk()).isEqualTo(DiskState.UpToDate);
    assertThat(primary.syncPercent()).isNull();
    ProcDrbd.Minor secondary = only("proc-drbd-connected-secondary.txt");
    assertThat(secondary.role()).isEqualTo(Role.SECONDARY);
    assertThat(secondary.peerRole()).isEqualTo(Role.PRIMARY);
  }

  @Test
  void disconnectedSides() {
    ProcDrbd.Minor alone = only("proc-drbd-standalone.txt");
    assertThat(alone.connection()).isEqualTo(ConnectionState.StandAlone);
    assertThat(alone.disk()).isEqualTo(DiskState.UpToDate);
    ProcDrbd.Minor primary = only("proc-drbd-wfconnection-primary.txt");
    assertThat(primary.connection()).isEqualTo(ConnectionState.Connecting);
    assertThat(primary.role()).isEqualTo(Role.PRIMARY);
  }
}

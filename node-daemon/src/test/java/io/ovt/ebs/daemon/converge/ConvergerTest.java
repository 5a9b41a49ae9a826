package io.ovt.ebs.daemon.converge;

import static io.ovt.ebs.daemon.converge.TwoHosts.GIB;
import static io.ovt.ebs.daemon.converge.TwoHosts.export;
import static io.ovt.ebs.daemon.converge.TwoHosts.replicated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.sim.SimOperation;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The converger takes volumes to their desired state on simulated hosts, safely and idempotently.
 */
class ConvergerTest {
  private final TwoHosts hosts = new TwoHosts();

  @Test
  void thickReplicatedVolumeSyncsFullyFromTheForcedFirstPrimary() throws StorageException {
    hosts.onB.converge(
        replicated("v1", GIB, Provisioning.THICK, false, Role.SECONDARY, InitialSync.FULL));
    ObservedVolume primary =
        hosts.onA.converge(
            replicated("v1", GIB, Provisioning.THICK, true, Role.PRIMARY, InitialSync.FULL));
    assertThat(primary.drbd().role()).isEqualTo(Role.PRIMARY);
    assertThat(primary.drbd().replication()).isEqualTo(ReplicationState.SyncSource);
    assertThat(primary.devicePath()).isEqualTo("/dev/drbd1000");
    hosts.clock.advance(Duration.ofSeconds(30));
    ObservedVolume secondary = hosts.onB.observe("v1").orElseThrow();
    assertThat(secondary.drbd().disk()).isEqualTo(DiskState.UpToDate);
    assertThat(secondary.drbd().peerRole()).isEqualTo(Role.PRIMARY);
    assertThat(secondary.lv().sizeBytes())
        .as("one extent more for DRBD's metadata")
        .isEqualTo(GIB + (4L << 20));
    assertThat(secondary.capacityBytes()).isGreaterThanOrEqualTo(GIB);
  }

  @Test
  void freshThinVolumesSkipTheInitialSyncOnceBothSidesAreConnected() throws StorageException {
    DesiredVolume onA =
        replicated("v1", GIB, Provisioning.THIN, true, Role.PRIMARY, InitialSync.ZEROED);
    ObservedVolume alone = hosts.onA.converge(onA);
    assertThat(alone.drbd().role()).as("waits for the peer").isEqualTo(Role.SECONDARY);
    assertThat(alone.drbd().connection()).isEqualTo(ConnectionState.Connecting);
    hosts.onB.converge(
        replicated("v1", GIB, Provisioning.THIN, false, Role.SECONDARY, InitialSync.ZEROED));
    ObservedVolume primary = hosts.onA.converge(onA);
    assertThat(primary.drbd().role()).isEqualTo(Role.PRIMARY);
    assertThat(primary.drbd().disk()).isEqualTo(DiskState.UpToDate);
    assertThat(primary.drbd().peerDisk()).isEqualTo(DiskState.UpToDate);
  }

  @Test
  void onlyThinLvsCreatedForTheVolumeAndNeverWrittenSkipTheSyncAndTheMarkGoesOnceInSync()
      throws StorageException {
    hosts.onB.converge(
        replicated("v1", GIB, Provisioning.THIN, false, Role.SECONDARY, InitialSync.ZEROED));
    ObservedVolume primary =
        hosts.onA.converge(
            replicated("v1", GIB, Provisioning.THIN, true, Role.PRIMARY, InitialSync.ZEROED));
    assertThat(primary.drbd().peerDisk()).as("no sync ran").isEqualTo(DiskState.UpToDate);
    assertThat(hosts.b.lvm().report().lv("v1").orElseThrow().tags())
        .as("the secondary's mark goes at its next converge")
        .contains("ebs.ovt.io-zeroed");
    hosts.onB.converge(
        replicated("v1", GIB, Provisioning.THIN, false, Role.SECONDARY, InitialSync.ZEROED));
    for (var host : List.of(hosts.a, hosts.b)) {

      assertThat(host.lvm().report().lv("v1").orElseThrow().tags()).containsExactly("ebs.ovt.io");
    }
  }

  @Test
  void aThinLvThatExistedBeforeReplicationGetsAFullSync() throws StorageException {
    // Created as a single-node volume (maybe written since): it carries no never-written mark.
    hosts.onA.converge(new DesiredVolume("v1", GIB, Provisioning.THIN, null, List.of()));
    hosts.onB.converge(
        replicated("v1", GIB, Provisioning.THIN, false, Role.SECONDARY, InitialSync.ZEROED));
    ObservedVolume primary =
        hosts.onA.converge(
            replicated("v1", GIB, Provisioning.THIN, true, Role.PRIMARY, InitialSync.ZEROED));
    assertThat(primary.drbd().replication()).isEqualTo(ReplicationState.SyncSource);
  }

  @Test
  void convergingAgainRunsNothing() throws StorageException {
    DesiredVolume v =
        replicated(
            "v1", GIB, Provisioning.THIN, true, Role.PRIMARY, InitialSync.ZEROED, export("v1"));
    hosts.onB.converge(
        replicated("v1", GIB, Provisioning.THIN, false, Role.SECONDARY, InitialSync.ZEROED));
    ObservedVolume first = hosts.onA.converge(v);
    for (SimOperation operation : SimOperation.values()) {
      hosts.a.faults().failAlways(operation, "must not run");
    }
    ObservedVolume second = hosts.onA.converge(v);
    assertThat(second).isEqualTo(first);
    assertThat(second.exports()).hasSize(1);
  }

  @Test
  void anUntaggedLvIsNeverTouched() throws StorageException {
    hosts.a.lvm().createThick("v1", GIB, Set.of("someone-else"));
    assertThatThrownBy(
            () ->
                hosts.onA.converge(
                    new DesiredVolume("v1", 2 * GIB, Provisioning.THICK, null, List.of())))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("without the tag");
    assertThatThrownBy(() -> hosts.onA.remove("v1")).hasMessageContaining("does not carry the tag");
    assertThat(hosts.a.lvm().report().lv("v1").orElseThrow().sizeBytes()).isEqualTo(GIB);
  }

  @Test
  void shrinkingIsRefusedAndGrowingExtendsTheLv() throws StorageException {
    hosts.onA.converge(new DesiredVolume("v1", 2 * GIB, Provisioning.THICK, null, List.of()));
    assertThatThrownBy(
            () ->
                hosts.onA.converge(
                    new DesiredVolume("v1", GIB, Provisioning.THICK, null, List.of())))
        .hasMessageContaining("shrinking");
    ObservedVolume grown =
        hosts.onA.converge(new DesiredVolume("v1", 3 * GIB, Provisioning.THICK, null, List.of()));
    assertThat(grown.lv().sizeBytes()).isEqualTo(3 * GIB);
  }

  @Test
  void demotingFirstUnexportsThenTheOtherSideCanServe() throws StorageException {
    hosts.onB.converge(
        replicated("v1", GIB, Provisioning.THIN, false, Role.SECONDARY, InitialSync.ZEROED));
    hosts.onA.converge(
        replicated(
            "v1", GIB, Provisioning.THIN, true, Role.PRIMARY, InitialSync.ZEROED, export("v1")));
    assertThatThrownBy(
            () ->
                hosts.onB.converge(
                    replicated("v1", GIB, Provisioning.THIN, false, Role.PRIMARY, null)))
        .hasMessageContaining("Multiple primaries");
    ObservedVolume demoted =
        hosts.onA.converge(replicated("v1", GIB, Provisioning.THIN, true, Role.SECONDARY, null));
    assertThat(demoted.exports()).isEmpty();
    assertThat(demoted.drbd().role()).isEqualTo(Role.SECONDARY);
    ObservedVolume promoted =
        hosts.onB.converge(
            replicated("v1", GIB, Provisioning.THIN, false, Role.PRIMARY, null, export("v1")));
    assertThat(promoted.drbd().role()).isEqualTo(Role.PRIMARY);
    assertThat(promoted.exports())
        .extracting(ObservedVolume.ObservedExport::targetIqn)
        .containsExactly("iqn.2010-10.org.openstack:v1");
  }

  @Test
  void aReplicaWithoutUpToDateDataIsNeverPromotedWithoutAnInitialSyncAllowance()
      throws StorageException {
    hosts.onA.converge(
        replicated("v1", GIB, Provisioning.THICK, true, Role.SECONDARY, InitialSync.FULL));
    assertThatThrownBy(
            () ->
                hosts.onA.converge(
                    replicated("v1", GIB, Provisioning.THICK, true, Role.PRIMARY, null)))
        .isInstanceOf(StorageException.class)
        .satisfies(
            e ->
                assertThat(((StorageException) e).code())
                    .isEqualTo(ErrorCode.STATE_CHANGE_REFUSED));
  }

  @Test
  void deletingAnExportedVolumeIsRefusedAndAnUnexportedOneLeavesNoTrace() throws StorageException {
    hosts.onB.converge(
        replicated("v1", GIB, Provisioning.THIN, false, Role.SECONDARY, InitialSync.ZEROED));
    hosts.onA.converge(
        replicated(
            "v1", GIB, Provisioning.THIN, true, Role.PRIMARY, InitialSync.ZEROED, export("v1")));
    assertThatThrownBy(() -> hosts.onA.remove("v1")).hasMessageContaining("remove its exports");
    hosts.onA.converge(replicated("v1", GIB, Provisioning.THIN, true, Role.PRIMARY, null));
    hosts.onA.remove("v1");
    hosts.onB.remove("v1");
    assertThat(hosts.onA.observe("v1")).isEmpty();
    assertThat(hosts.onB.observe("v1")).isEmpty();
    assertThat(hosts.a.drbd().configs()).isEmpty();
    assertThat(hosts.a.targets().list()).isEmpty();
    hosts.onA.remove("v1");
  }

  @Test
  void aFailedCommandSurfacesWithItsCommandAndTheNextConvergeFinishesTheJob()
      throws StorageException {
    DesiredVolume v = new DesiredVolume("v1", GIB, Provisioning.THICK, null, List.of(export("v1")));
    hosts.a.faults().failNext(SimOperation.TARGET_ENSURE, "Could not create Target in configFS");
    assertThatThrownBy(() -> hosts.onA.converge(v))
        .isInstanceOf(StorageException.class)
        .satisfies(e -> assertThat(((StorageException) e).command()).contains("targetcli"));
    ObservedVolume done = hosts.onA.converge(v);
    assertThat(done.exports()).hasSize(1);
    assertThat(hosts.a.lvm().report().lvs()).filteredOn(lv -> lv.name().equals("v1")).hasSize(1);
  }

  @Test
  void aStandAloneResourceConnectsAgainAndASplitBrainNobodyResolvedDropsAgain()
      throws StorageException {
    DesiredVolume onA = replicated("v1", GIB, Provisioning.THIN, true, Role.PRIMARY, null);
    DesiredVolume onB = replicated("v1", GIB, Provisioning.THIN, false, Role.PRIMARY, null);
    hosts.onB.converge(
        replicated("v1", GIB, Provisioning.THIN, false, Role.SECONDARY, InitialSync.ZEROED));
    hosts.onA.converge(
        replicated("v1", GIB, Provisioning.THIN, true, Role.PRIMARY, InitialSync.ZEROED));
    hosts.network.cut("10.0.10.21", "10.0.10.22");
    hosts.a.write("v1", 0, 1 << 20, "on a");
    hosts.onB.converge(onB);
    hosts.b.write("v1", 0, 1 << 20, "on b");
    hosts.network.heal("10.0.10.21", "10.0.10.22");
    assertThat(hosts.onA.observe("v1").orElseThrow().drbd().connection())
        .isEqualTo(ConnectionState.StandAlone);
    hosts.onA.converge(onA);
    hosts.onB.converge(onB);
    assertThat(hosts.onB.observe("v1").orElseThrow().drbd().connection())
        .as("connected again, found the split brain again, dropped")
        .isEqualTo(ConnectionState.StandAlone);
    assertThat(hosts.a.read("v1")).containsExactly("on a");
    assertThat(hosts.b.read("v1")).containsExactly("on b");
  }
}

package io.ovt.ebs.daemon.converge;

import static io.ovt.ebs.daemon.converge.TwoHosts.GIB;
import static io.ovt.ebs.daemon.converge.TwoHosts.export;
import static io.ovt.ebs.daemon.converge.TwoHosts.replicated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.converge.FenceView.State;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a fenced volume leaves the fence, decided from the PUT and the host's state alone. */
class FencePlannerTest {
  private static final DesiredVolume PRIMARY =
      replicated("v1", GIB, Provisioning.THIN, true, Role.PRIMARY, null, export("v1"));
  private static final DesiredVolume SECONDARY =
      replicated("v1", GIB, Provisioning.THIN, true, Role.SECONDARY, InitialSync.ZEROED);
  private static final TargetSpec TARGET =
      new TargetSpec(
          "iqn.2010-10.org.openstack:v1", "v1", "/dev/drbd1000", 0, List.of(), List.of());

  private static VolumeView seen(
      Role role, DiskState disk, ConnectionState connection, boolean suspended) {
    DrbdResourceStatus drbd =
        new DrbdResourceStatus(
            "v1",
            1000,
            role,
            disk,
            connection,
            ReplicationState.Off,
            null,
            DiskState.DUnknown,
            null,
            true,
            GIB,
            null,
            suspended,
            new DrbdResourceStatus.InFlight(0, 0, 0, 0));
    return new VolumeView("v1", null, null, drbd, List.of(TARGET));
  }

  private static final VolumeView HELD_PRIMARY =
      seen(Role.PRIMARY, DiskState.UpToDate, ConnectionState.Connecting, true);

  @Test
  void aVolumeThatIsNotFencedPlansAsUsual() throws StorageException {
    assertThat(FencePlanner.plan(PRIMARY, HELD_PRIMARY, State.NONE, false)).isEmpty();
  }

  @Test
  void asSecondaryTheDiskGoesBeforeTheHeldIoIsReleasedSoItFails() throws StorageException {
    assertThat(FencePlanner.plan(SECONDARY, HELD_PRIMARY, State.HELD, false))
        .contains(
            List.of(
                new Action.ForceDetach("v1"),
                new Action.ResumeIo("v1"),
                new Action.LeaveFence("v1", State.REJOINING)));
  }

  @Test
  void asPrimaryTheHeldIoLandsOnlyWhenTheLeaseIsValidAgain() throws StorageException {
    assertThat(FencePlanner.plan(PRIMARY, HELD_PRIMARY, State.HELD, true))
        .contains(List.of(new Action.ResumeIo("v1"), new Action.LeaveFence("v1", State.NONE)));
    assertThatThrownBy(() -> FencePlanner.plan(PRIMARY, HELD_PRIMARY, State.HELD, false))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_CHANGE_REFUSED))
        .hasMessageContaining("is fenced");
  }

  @Test
  void aFencedVolumeDemotedMeanwhileOrTakenDownIsNoLongerHeld() throws StorageException {
    VolumeView demoted = seen(Role.SECONDARY, DiskState.UpToDate, ConnectionState.Connecting, true);
    assertThat(FencePlanner.plan(PRIMARY, demoted, State.HELD, false))
        .contains(List.of(new Action.ResumeIo("v1"), new Action.LeaveFence("v1", State.NONE)));
    VolumeView down = new VolumeView("v1", null, null, null, List.of());
    assertThat(FencePlanner.plan(SECONDARY, down, State.HELD, false))
        .contains(List.of(new Action.LeaveFence("v1", State.NONE)));
  }

  @Test
  void rejoiningItLosesItsExportsIsDemotedThenConnectsDiscardingItsData() throws StorageException {
    VolumeView diskless = seen(Role.PRIMARY, DiskState.Diskless, ConnectionState.Connecting, false);
    assertThat(FencePlanner.plan(SECONDARY, diskless, State.REJOINING, false))
        .contains(
            List.of(
                new Action.RemoveTarget("iqn.2010-10.org.openstack:v1"), new Action.Demote("v1")));
    VolumeView demoted =
        seen(Role.SECONDARY, DiskState.Diskless, ConnectionState.Connecting, false);
    assertThat(FencePlanner.plan(SECONDARY, demoted, State.REJOINING, false))
        .contains(
            List.of(
                new Action.DrbdDisconnect("v1"),
                new Action.DrbdAttach("v1"),
                new Action.DrbdConnect("v1", true),
                new Action.LeaveFence("v1", State.NONE)));
    VolumeView alone = seen(Role.SECONDARY, DiskState.Diskless, ConnectionState.StandAlone, false);
    assertThat(FencePlanner.plan(SECONDARY, alone, State.REJOINING, false).orElseThrow())
        .as("already StandAlone")
        .doesNotContain(new Action.DrbdDisconnect("v1"));
  }

  @Test
  void rejoiningAsPrimaryIsRefusedUntilItHasResynced() {
    VolumeView diskless =
        seen(Role.SECONDARY, DiskState.Diskless, ConnectionState.Connecting, false);
    assertThatThrownBy(() -> FencePlanner.plan(PRIMARY, diskless, State.REJOINING, true))
        .hasMessageContaining("rejoins as a SECONDARY");
  }

  @Test
  void exportsAskedOfASecondaryAreRefusedBeforeAnythingLeavesTheFence() {
    DesiredVolume exportedSecondary =
        replicated("v1", GIB, Provisioning.THIN, true, Role.SECONDARY, null, export("v1"));
    assertThatThrownBy(
            () ->
                new VolumePlanner(new TwoHosts().layoutA)
                    .plan(exportedSecondary, HELD_PRIMARY, InitProgress.NONE, State.HELD, false))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
  }
}

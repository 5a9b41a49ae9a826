package io.ovt.ebs.operator.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.crds.common.ConditionStatus;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.operator.OperatorSettings;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VolumeRequeueTest {
  private final OperatorSettings settings = OperatorSettings.defaults();

  @Test
  void aSteadyVolumeWaitsForTheDriftCheckButANewlyAvailableOneIsLookedAtSoon() {
    assertThat(VolumeRequeue.after(VolumeState.Available, status(VolumeState.Available), settings))
        .isEqualTo(settings.steadyRequeue());
    assertThat(VolumeRequeue.after(VolumeState.Syncing, status(VolumeState.Available), settings))
        .isEqualTo(settings.busyRequeue());
  }

  @Test
  void aVolumeWaitingOnASyncOrACopyIsLookedAtFiveTimesLessOften() {
    assertThat(VolumeRequeue.after(VolumeState.Syncing, status(VolumeState.Syncing), settings))
        .isEqualTo(VolumeRequeue.waiting(settings));
    assertThat(VolumeRequeue.after(VolumeState.Available, status(VolumeState.Degraded), settings))
        .isEqualTo(VolumeRequeue.waiting(settings));
    VolumeStatus copying = status(VolumeState.Creating);
    Conditions.set(
        copying,
        ConditionType.Ready,
        ConditionStatus.False,
        VolumeReason.Initializing,
        "copying",
        1L,
        Instant.EPOCH);
    assertThat(VolumeRequeue.after(VolumeState.Creating, copying, settings))
        .isEqualTo(VolumeRequeue.waiting(settings));
    assertThat(VolumeRequeue.waiting(settings))
        .isEqualTo(java.time.Duration.ofSeconds(5))
        .isGreaterThan(settings.busyRequeue());
  }

  @Test
  void aSyncIsConvergenceSoItsPaceDoesNotFollowTheWaitsOnOtherThings() {
    OperatorSettings hourlyWaits =
        new OperatorSettings(
            settings.heartbeatInterval(),
            settings.nodeCallTimeout(),
            settings.busyRequeue(),
            settings.steadyRequeue(),
            java.time.Duration.ofHours(1),
            settings.thinOvercommit(),
            settings.snapshotHold());
    assertThat(VolumeRequeue.after(VolumeState.Syncing, status(VolumeState.Syncing), hourlyWaits))
        .isEqualTo(java.time.Duration.ofSeconds(5));
  }

  @Test
  void aVolumeBeingCreatedOrChangedIsLookedAtAtTheBusyPace() {
    assertThat(VolumeRequeue.after(VolumeState.Pending, status(VolumeState.Creating), settings))
        .isEqualTo(settings.busyRequeue());
    assertThat(VolumeRequeue.after(VolumeState.Available, status(VolumeState.Extending), settings))
        .isEqualTo(settings.busyRequeue());
  }

  private static VolumeStatus status(VolumeState state) {
    VolumeStatus status = new VolumeStatus();
    status.setState(state);
    return status;
  }
}

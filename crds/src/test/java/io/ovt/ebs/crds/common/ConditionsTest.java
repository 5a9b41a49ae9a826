package io.ovt.ebs.crds.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.ovt.ebs.crds.volume.VolumeStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Conditions as two writers of one status need them. */
class ConditionsTest {
  private enum Reason {
    Mirrored,
    CinderVolumeGone,
    Available
  }

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void aWholeStatusWriteTakesTheOtherWritersConditionAsStored() {
    VolumeStatus stored = new VolumeStatus();
    Conditions.set(
        stored,
        ConditionType.CinderSynced,
        ConditionStatus.False,
        Reason.CinderVolumeGone,
        "gone",
        2L,
        NOW);
    VolumeStatus writing = new VolumeStatus();
    Conditions.set(
        writing,
        ConditionType.CinderSynced,
        ConditionStatus.True,
        Reason.Mirrored,
        "old",
        1L,
        NOW.minusSeconds(60));
    Conditions.set(
        writing, ConditionType.Ready, ConditionStatus.True, Reason.Available, "ok", 2L, NOW);

    Conditions.carryOver(stored, writing, ConditionType.CinderSynced);

    assertThat(writing.getConditions())
        .extracting(Condition::getType, Condition::getReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CinderSynced", "CinderVolumeGone"),
            org.assertj.core.groups.Tuple.tuple("Ready", "Available"));
  }

  @Test
  void aConditionTheStoredStatusNoLongerHasIsNotWrittenBack() {
    VolumeStatus writing = new VolumeStatus();
    Conditions.set(
        writing, ConditionType.CinderSynced, ConditionStatus.True, Reason.Mirrored, "old", 1L, NOW);
    Conditions.carryOver(new VolumeStatus(), writing, ConditionType.CinderSynced);
    assertThat(Conditions.find(writing, ConditionType.CinderSynced)).isEmpty();
  }

  @Test
  void carryingOverFromTheStatusItselfKeepsIt() {
    VolumeStatus status = new VolumeStatus();
    Conditions.set(
        status, ConditionType.CinderSynced, ConditionStatus.True, Reason.Mirrored, "m", 1L, NOW);
    Conditions.carryOver(status, status, ConditionType.CinderSynced);
    assertThat(Conditions.find(status, ConditionType.CinderSynced)).isPresent();
  }
}

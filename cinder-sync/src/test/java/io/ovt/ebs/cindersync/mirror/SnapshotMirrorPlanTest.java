package io.ovt.ebs.cindersync.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.cindersync.client.Snapshot;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan.Mirrored;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Cinder's snapshots of mirrored volumes become Snapshots; others are not EBS's business. */
class SnapshotMirrorPlanTest {
  private static final String VOLUME_ID = "0b6c1f5e-2d3a-4f60-9a71-8c2e5d4b3a10";
  private static final String VOLUME = "cinder-" + VOLUME_ID;
  private static final String ID = "7d1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f";
  private static final String NAME = "cinder-snapshot-" + ID;
  private static final String PROJECT = "3f1c2b4a5d6e7f8091a2b3c4d5e6f708";
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final Duration GRACE = Duration.ofMinutes(10);

  private final SnapshotMirrorPlan plan =
      new SnapshotMirrorPlan(new VolumeMirrorPlan.Settings(Set.of("ebs"), GRACE, false));

  private static Snapshot cinder(String id, String volumeId, String status) {
    return new Snapshot(id, "s", status, 1, volumeId, PROJECT, Map.of(), NOW, NOW);
  }

  @Test
  void aSnapshotOfAMirroredVolumeBecomesASnapshotOfThatVolume() {
    VolumeMirrorPlan.Result r =
        plan.plan(
            List.of(cinder(ID, VOLUME_ID, "available")),
            Set.of(VOLUME),
            List.of(),
            Set.of(),
            true,
            NOW);
    assertThat(r.actions()).hasSize(2);
    MirrorAction.CreateSnapshot create = (MirrorAction.CreateSnapshot) r.actions().get(0);
    assertThat(create.name()).isEqualTo(NAME);
    assertThat(create.spec().getVolume()).isEqualTo(VOLUME);
    assertThat(create.spec().getCinder().getId()).isEqualTo(ID);
    assertThat(create.labels())
        .containsEntry(MirrorNames.MANAGED_BY, MirrorNames.CINDER_SYNC)
        .containsEntry("ebs.ovt.io/project", PROJECT);
    assertThat(r.actions().get(1)).isEqualTo(new MirrorAction.NoteStatus(NAME, "available"));
    assertThat(r.conditions())
        .singleElement()
        .satisfies(c -> assertThat(c.message()).contains(ID, VOLUME_ID, "(available)"));
  }

  @Test
  void snapshotsOfOtherVolumesAndFailedOnesAreNotMirrored() {
    String otherVolume = "11111111-2222-4333-8444-555555555555";
    assertThat(
            plan.plan(
                    List.of(
                        cinder(ID, otherVolume, "available"),
                        cinder("22222222-2222-4333-8444-555555555555", VOLUME_ID, "error")),
                    Set.of(VOLUME),
                    List.of(),
                    Set.of(),
                    true,
                    NOW)
                .actions())
        .isEmpty();
  }

  @Test
  void aSnapshotDeletedInCinderGoesAfterTheGracePeriodOnlyOnACompleteListing() {
    Mirrored have = new Mirrored(NAME, ID, null, "available", null);
    assertThat(
            plan.plan(List.of(), Set.of(VOLUME), List.of(have), Set.of(NAME), false, NOW).actions())
        .isEmpty();
    assertThat(
            plan.plan(List.of(), Set.of(VOLUME), List.of(have), Set.of(NAME), true, NOW).actions())
        .containsExactly(new MirrorAction.MarkGone(NAME, NOW));
    Mirrored due = new Mirrored(NAME, ID, null, "available", NOW.minus(GRACE));
    assertThat(plan.plan(List.of(), Set.of(VOLUME), List.of(due), Set.of(), true, NOW).actions())
        .containsExactly(new MirrorAction.Delete(NAME));
    Mirrored orphan = new Mirrored(NAME, ID, null, "available", null);
    assertThat(
            plan.plan(List.of(), Set.of(VOLUME), List.of(orphan), Set.of(), true, NOW).conditions())
        .extracting(SyncCondition::reason)
        .containsExactly(SyncReason.NotInCinder);
  }
}

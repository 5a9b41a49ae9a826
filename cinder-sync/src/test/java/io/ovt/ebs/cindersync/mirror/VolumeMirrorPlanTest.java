package io.ovt.ebs.cindersync.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.cindersync.client.Volume;
import io.ovt.ebs.cindersync.client.VolumeType;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan.Mirrored;
import io.ovt.ebs.crds.replication.ReplicationMode;
import io.ovt.ebs.crds.volume.Provisioning;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VolumeMirrorPlanTest {
  private static final String ID = "0b6c1f5e-2d3a-4f60-9a71-8c2e5d4b3a10";
  private static final String NAME = "cinder-" + ID;
  private static final String PROJECT = "3f1c2b4a5d6e7f8091a2b3c4d5e6f708";
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final Duration GRACE = Duration.ofMinutes(10);
  private static final Map<String, VolumeType> TYPES =
      Map.of(
          "tid-ebs",
          new VolumeType(
              "tid-ebs",
              "ebs",
              true,
              Map.of(
                  "volume_backend_name", "ebs",
                  "provisioning:type", "thin",
                  "replication_enabled", "<is> True",
                  "ovt_ebs:replication_mode", "semi-sync")),
          "tid-lvm",
          new VolumeType("tid-lvm", "lvm", true, Map.of("volume_backend_name", "lvm")),
          "tid-bad",
          new VolumeType(
              "tid-bad",
              "bad",
              true,
              Map.of("volume_backend_name", "ebs", "provisioning:type", "x")));

  private final VolumeMirrorPlan plan =
      new VolumeMirrorPlan(new VolumeMirrorPlan.Settings(Set.of("ebs"), GRACE, false));

  private static Volume cinder(String id, String type, int size, String status) {
    return new Volume(
        id,
        "v",
        status,
        size,
        type,
        type,
        PROJECT,
        "hci-0001@EBS#ebs",
        "enabled",
        null,
        null,
        "nova",
        false,
        Map.of(),
        List.of(),
        NOW,
        NOW);
  }

  private List<MirrorAction> run(
      List<Volume> cinder, List<Mirrored> mirrored, Set<String> exported, Set<String> before) {
    return plan.plan(cinder, TYPES, mirrored, exported, before, true, NOW).actions();
  }

  @Test
  void aNewEbsVolumeGetsAVolumeWithItsTypesSpecNamedFromItsId() {
    List<MirrorAction> actions =
        run(
            List.of(cinder(ID.toUpperCase(), "tid-ebs", 10, "creating")),
            List.of(),
            Set.of(),
            Set.of());

    assertThat(actions).hasSize(2);
    MirrorAction.Create create = (MirrorAction.Create) actions.get(0);
    assertThat(create.name()).isEqualTo(NAME);
    assertThat(create.spec().getSize()).isEqualTo("10Gi");
    assertThat(create.spec().getProvisioning()).isEqualTo(Provisioning.THIN);
    assertThat(create.spec().getReplication().getEnabled()).isTrue();
    assertThat(create.spec().getReplication().getMode()).isEqualTo(ReplicationMode.SEMI_SYNC);
    assertThat(create.spec().getCinder().getId()).isEqualTo(ID);
    assertThat(create.spec().getCinder().getProjectId()).isEqualTo(PROJECT);
    assertThat(create.labels())
        .containsEntry("ebs.ovt.io/project", PROJECT)
        .containsEntry("ebs.ovt.io/cinder-type-id", "tid-ebs")
        .containsEntry("app.kubernetes.io/managed-by", "ebs-cinder-sync");
    assertThat(actions.get(1)).isEqualTo(new MirrorAction.NoteStatus(NAME, "creating"));
  }

  @Test
  void aCloneOrRestoreStillCreatingIsLeftToTheDriverThenMirrored() {
    for (boolean fromSnapshot : List.of(true, false)) {
      Volume creating = withSource(cinder(ID, "tid-ebs", 10, "creating"), fromSnapshot);
      assertThat(plan.plan(List.of(creating), TYPES, List.of(), Set.of(), Set.of(), true, NOW))
          .satisfies(r -> assertThat(r.actions()).isEmpty())
          .satisfies(r -> assertThat(r.conditions()).isEmpty());

      Volume available = withSource(cinder(ID, "tid-ebs", 10, "available"), fromSnapshot);
      assertThat(run(List.of(available), List.of(), Set.of(), Set.of()).get(0))
          .isInstanceOf(MirrorAction.Create.class);
    }
  }

  private static Volume withSource(Volume v, boolean fromSnapshot) {
    String source = "a1b2c3d4-0000-4000-8000-000000000001";
    return new Volume(
        v.id(),
        v.name(),
        v.status(),
        v.size(),
        v.volumeType(),
        v.volumeTypeId(),
        v.projectId(),
        v.host(),
        v.replicationStatus(),
        fromSnapshot ? source : null,
        fromSnapshot ? null : source,
        v.availabilityZone(),
        v.multiattach(),
        v.metadata(),
        v.attachments(),
        v.createdAt(),
        v.updatedAt());
  }

  @Test
  void beforeMicroversion363TheTypeIsFoundByName() {
    Volume byName =
        new Volume(
            ID,
            "v",
            "available",
            1,
            "ebs",
            null,
            PROJECT,
            null,
            null,
            null,
            null,
            null,
            false,
            Map.of(),
            List.of(),
            NOW,
            NOW);
    MirrorAction.Create create =
        (MirrorAction.Create) run(List.of(byName), List.of(), Set.of(), Set.of()).get(0);
    assertThat(create.labels()).containsEntry("ebs.ovt.io/cinder-type-id", "tid-ebs");
    assertThat(create.spec().getProvisioning()).isEqualTo(Provisioning.THIN);
  }

  @Test
  void volumesOfOtherBackendsAreLeftAloneAndWrongTypesReported() {
    String other = "1b6c1f5e-2d3a-4f60-9a71-8c2e5d4b3a10";
    List<MirrorAction> actions =
        run(
            List.of(
                cinder(ID, "tid-lvm", 1, "available"), cinder(other, "tid-bad", 1, "available")),
            List.of(),
            Set.of(),
            Set.of());
    assertThat(actions)
        .containsExactly(
            new MirrorAction.Report(
                "cinder-" + other, "type bad: provisioning:type=x is not thin or thick"));
  }

  @Test
  void aMirroredVolumeInStepNeedsNothingAndAnExtendGrowsIt() {
    Mirrored have = new Mirrored(NAME, ID, "10Gi", "available", null);
    assertThat(
            run(List.of(cinder(ID, "tid-ebs", 10, "available")), List.of(have), Set.of(), Set.of()))
        .isEmpty();
    assertThat(
            run(List.of(cinder(ID, "tid-ebs", 20, "available")), List.of(have), Set.of(), Set.of()))
        .containsExactly(new MirrorAction.Grow(NAME, "20Gi"));
    assertThat(
            run(List.of(cinder(ID, "tid-ebs", 5, "available")), List.of(have), Set.of(), Set.of()))
        .singleElement()
        .isInstanceOf(MirrorAction.Report.class);
  }

  @Test
  void aVolumeDeletedInCinderIsMarkedThenDeletedAfterTheGracePeriod() {
    Mirrored have = new Mirrored(NAME, ID, "10Gi", "available", null);
    assertThat(run(List.of(), List.of(have), Set.of(), Set.of(NAME)))
        .containsExactly(new MirrorAction.MarkGone(NAME, NOW));

    Mirrored marked = new Mirrored(NAME, ID, "10Gi", "available", NOW.minus(GRACE).plusSeconds(1));
    assertThat(run(List.of(), List.of(marked), Set.of(), Set.of())).isEmpty();

    Mirrored due = new Mirrored(NAME, ID, "10Gi", "available", NOW.minus(GRACE));
    assertThat(run(List.of(), List.of(due), Set.of(), Set.of()))
        .containsExactly(new MirrorAction.Delete(NAME));
  }

  @Test
  void anExportedVolumeIsNeverDeleted() {
    Mirrored due = new Mirrored(NAME, ID, "10Gi", "deleting", NOW.minus(GRACE.multipliedBy(5)));
    assertThat(run(List.of(), List.of(due), Set.of(NAME), Set.of()))
        .singleElement()
        .isInstanceOfSatisfying(
            MirrorAction.Report.class, r -> assertThat(r.message()).contains("still exported"));
  }

  @Test
  void aVolumeNeverListedSinceTheStartIsReportedUnlessOrphansMayBeDeleted() {
    Mirrored orphan = new Mirrored(NAME, ID, "10Gi", "available", null);
    assertThat(run(List.of(), List.of(orphan), Set.of(), Set.of()))
        .singleElement()
        .isInstanceOfSatisfying(
            MirrorAction.Report.class, r -> assertThat(r.message()).contains("never seen deleted"));

    VolumeMirrorPlan deleting =
        new VolumeMirrorPlan(new VolumeMirrorPlan.Settings(Set.of("ebs"), GRACE, true));
    assertThat(
            deleting
                .plan(List.of(), TYPES, List.of(orphan), Set.of(), Set.of(), true, NOW)
                .actions())
        .containsExactly(new MirrorAction.MarkGone(NAME, NOW));
  }

  @Test
  void eachMirroredVolumeIsToldWhatItsCinderRecordSaysOnlyWhenThatChanges() {
    VolumeMirrorPlan.Result created =
        plan.plan(
            List.of(cinder(ID, "tid-ebs", 10, "available")),
            TYPES,
            List.of(),
            Set.of(),
            Set.of(),
            true,
            NOW);
    SyncCondition mirrored =
        new SyncCondition(
            NAME,
            true,
            SyncReason.Mirrored,
            "mirrors Cinder volume " + ID + " (available, 10 GiB)");
    assertThat(created.conditions()).containsExactly(mirrored);

    Mirrored shown = new Mirrored(NAME, ID, "10Gi", "available", null, mirrored);
    assertThat(conditions(List.of(cinder(ID, "tid-ebs", 10, "available")), shown, Set.of(NAME)))
        .isEmpty();
    assertThat(conditions(List.of(cinder(ID, "tid-ebs", 10, "in-use")), shown, Set.of(NAME)))
        .singleElement()
        .satisfies(c -> assertThat(c.message()).endsWith("(in-use, 10 GiB)"));
    assertThat(conditions(List.of(cinder(ID, "tid-ebs", 5, "available")), shown, Set.of(NAME)))
        .extracting(SyncCondition::synced, SyncCondition::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(false, SyncReason.SizeMismatch));
    assertThat(conditions(List.of(), shown, Set.of(NAME)))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.reason()).isEqualTo(SyncReason.CinderVolumeGone);
              assertThat(c.message()).contains("is gone since " + NOW, "10 min later");
            });
    assertThat(conditions(List.of(), shown, Set.of()))
        .extracting(SyncCondition::reason)
        .containsExactly(SyncReason.NotInCinder);
  }

  private List<SyncCondition> conditions(List<Volume> cinder, Mirrored have, Set<String> before) {
    return plan.plan(cinder, TYPES, List.of(have), Set.of(), before, true, NOW).conditions();
  }

  @Test
  void anIncrementalPollNeverTakesAnAbsenceForADeletion() {
    Mirrored have = new Mirrored(NAME, ID, "10Gi", "available", null);
    assertThat(
            plan.plan(List.of(), TYPES, List.of(have), Set.of(), Set.of(NAME), false, NOW)
                .actions())
        .isEmpty();
  }

  @Test
  void aVolumeInErrorIsNotCreatedAndTheListedNamesAreReturned() {
    VolumeMirrorPlan.Result result =
        plan.plan(
            List.of(cinder(ID, "tid-ebs", 1, "error")),
            TYPES,
            List.of(),
            Set.of(),
            Set.of(),
            true,
            NOW);
    assertThat(result.actions()).isEmpty();
    assertThat(result.listed()).containsExactly(NAME);
  }

  @Test
  void planningTwiceFromTheAppliedStateChangesNothing() {
    Volume v = cinder(ID, "tid-ebs", 3, "available");
    List<MirrorAction> first = run(List.of(v), List.of(), Set.of(), Set.of());
    assertThat(first).hasSize(2);
    // What the loop would have written: the Volume and the status it noted.
    Mirrored applied = new Mirrored(NAME, ID, "3Gi", "available", null);
    assertThat(run(List.of(v), List.of(applied), Set.of(), Set.of(NAME))).isEmpty();
  }
}

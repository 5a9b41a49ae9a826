package io.ovt.ebs.cindersync.mirror;

import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan.Mirrored;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What becomes of a mirrored resource that a complete listing of Cinder no longer holds. Cinder
 * lists nothing deleted: a deletion shows as a record that was listed before and is not now.
 */
final class GoneRule {
  private final Duration grace;
  private final boolean deleteOrphans;

  GoneRule(Duration grace, boolean deleteOrphans) {
    this.grace = grace;
    this.deleteOrphans = deleteOrphans;
  }

  /**
   * Adds the actions for {@code m} and returns the condition it should then show (none when it is
   * deleted).
   *
   * @param record what Cinder calls the record ("volume", "snapshot")
   * @param kind the resource's kind ("Volume", "Snapshot")
   * @param inUse why it must not be deleted yet, or null
   * @param listedBefore whether this process's previous complete listing held it
   */
  Optional<SyncCondition> apply(
      Mirrored m,
      String record,
      String kind,
      String inUse,
      boolean listedBefore,
      Instant now,
      List<MirrorAction> actions) {
    boolean deleted =
        listedBefore
            || m.goneSince() != null
            || "deleting".equals(m.lastStatus())
            || "deleted".equals(m.lastStatus());
    if (!deleted && !deleteOrphans) {
      String message =
          "Cinder has no "
              + record
              + " "
              + m.cinderId()
              + " and it was never seen deleted: kept; delete the "
              + kind
              + " by hand or set deleteOrphans";
      actions.add(new MirrorAction.Report(m.name(), message));
      return Optional.of(new SyncCondition(m.name(), false, SyncReason.NotInCinder, message));
    }
    String gone = "Cinder " + record + " " + m.cinderId() + " is gone";
    if (m.goneSince() == null) {
      actions.add(new MirrorAction.MarkGone(m.name(), now));
    } else if (inUse != null) {
      String message = gone + " but the " + kind + " " + inUse;
      actions.add(new MirrorAction.Report(m.name(), message));
      return Optional.of(new SyncCondition(m.name(), false, SyncReason.CinderVolumeGone, message));
    } else if (!now.isBefore(m.goneSince().plus(grace))) {
      actions.add(new MirrorAction.Delete(m.name()));
      return Optional.empty();
    }
    Instant since = m.goneSince() == null ? now : m.goneSince();
    return Optional.of(
        new SyncCondition(
            m.name(),
            false,
            SyncReason.CinderVolumeGone,
            gone
                + " since "
                + since
                + "; the "
                + kind
                + " is deleted "
                + minutes(grace)
                + " later unless it is in use"));
  }

  private static String minutes(Duration d) {
    return d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }
}

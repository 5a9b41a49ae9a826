package io.ovt.ebs.crds.common;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/** Reads and writes standard conditions, keeping lastTransitionTime only for real transitions. */
public final class Conditions {
  private Conditions() {}

  /** Returns the condition of the given type, if present. */
  public static Optional<Condition> find(EbsStatus status, ConditionType type) {
    if (status == null) {
      return Optional.empty();
    }
    return status.getConditions().stream().filter(c -> type.name().equals(c.getType())).findFirst();
  }

  /** True when the condition of the given type is present with status True. */
  public static boolean isTrue(EbsStatus status, ConditionType type) {
    return find(status, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /**
   * Sets a condition. The transition time moves only when the status value changes, as the API
   * conventions ask, so watchers can tell how long a state has held.
   */
  public static void set(
      EbsStatus status,
      ConditionType type,
      ConditionStatus value,
      Enum<?> reason,
      String message,
      Long generation,
      Instant now) {
    Optional<Condition> existing = find(status, type);
    String transition =
        existing
            .filter(c -> value.name().equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    Condition updated =
        new ConditionBuilder()
            .withType(type.name())
            .withStatus(value.name())
            .withReason(reason.name())
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition)
            .build();
    existing.ifPresent(c -> status.getConditions().remove(c));
    status.getConditions().add(updated);
    status.getConditions().sort((a, b) -> a.getType().compareTo(b.getType()));
  }

  /**
   * Puts the condition of the given type that {@code stored} holds (or none) into {@code writing}:
   * a writer that replaces a whole status keeps a condition another process owns as it is stored.
   */
  public static void carryOver(EbsStatus stored, EbsStatus writing, ConditionType type) {
    if (writing == null || stored == writing) {
      return;
    }
    Optional<Condition> kept = find(stored, type);
    remove(writing, type);
    kept.ifPresent(c -> writing.getConditions().add(c));
    writing.getConditions().sort((a, b) -> a.getType().compareTo(b.getType()));
  }

  /** Removes the condition of the given type, if present. */
  public static void remove(EbsStatus status, ConditionType type) {
    status.getConditions().removeIf(c -> Objects.equals(type.name(), c.getType()));
  }
}

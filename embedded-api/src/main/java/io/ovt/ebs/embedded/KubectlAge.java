package io.ovt.ebs.embedded;

import java.time.Duration;
import java.time.Instant;

/** Formats durations the way kubectl prints ages ({@code 5s}, {@code 3m20s}, {@code 2d}). */
public final class KubectlAge {

  private KubectlAge() {}

  /** The age of something created at {@code created}, seen at {@code now}. */
  public static String since(Instant created, Instant now) {
    return format(Duration.between(created, now));
  }

  /** Same rules as Kubernetes' {@code duration.HumanDuration}, so tables look like a cluster's. */
  public static String format(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      return withRest(minutes, "m", seconds % 60, "s");
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      return withRest(hours, "h", minutes % 60, "m");
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      return withRest(hours / 24, "d", hours % 24, "h");
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long days = hours / 24;
      return withRest(days / 365, "y", days % 365, "d");
    }
    return hours / 24 / 365 + "y";
  }

  private static String withRest(long value, String unit, long rest, String restUnit) {
    return rest == 0 ? value + unit : value + unit + rest + restUnit;
  }
}

package io.ovt.ebs.operator;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as users write them (Kubernetes quantities, DRBD rates) and as tables show them. */
public final class Sizes {
  private static final Pattern RATE = Pattern.compile("^([1-9][0-9]{0,5})([KMG])$");

  private Sizes() {}

  /** Bytes of a quantity such as 10Gi; IllegalArgumentException when it is not one. */
  public static long bytes(String quantity) {
    try {
      return Quantity.getAmountInBytes(new Quantity(quantity)).longValueExact();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + quantity + "' is not a size", e);
    }
  }

  /** KiB per second of a DRBD rate such as 100M (DRBD's K, M and G are binary). */
  public static long rateKiB(String rate) {
    Matcher m = RATE.matcher(rate == null ? "" : rate);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + rate + "' is not a rate like 100M");
    }
    long value = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "K" -> value;
      case "M" -> value * 1024;
      default -> value * 1024 * 1024;
    };
  }

  /** A size for people: 10Gi, 512Mi, 18.5Gi. */
  public static String human(long bytes) {
    String[] units = {"", "Ki", "Mi", "Gi", "Ti", "Pi"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    if (value == Math.rint(value)) {
      return String.format(Locale.ROOT, "%d%s", (long) value, units[unit]);
    }
    return String.format(Locale.ROOT, "%.1f%s", value, units[unit]);
  }
}

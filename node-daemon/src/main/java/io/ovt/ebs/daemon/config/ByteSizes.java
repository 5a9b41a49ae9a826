package io.ovt.ebs.daemon.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes such as 512Mi, 100Gi or 2Ti in configuration files. */
public final class ByteSizes {
  private static final Pattern SIZE = Pattern.compile("^([0-9]{1,12})(Ki|Mi|Gi|Ti)?$");

  private ByteSizes() {}

  /** The number of bytes, or an IllegalArgumentException naming the bad value. */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "size '" + text + "' must be a number with an optional Ki, Mi, Gi or Ti suffix");
    }
    long value = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
    int shift =
        switch (unit) {
          case "ki" -> 10;
          case "mi" -> 20;
          case "gi" -> 30;
          case "ti" -> 40;
          default -> 0;
        };
    return Math.multiplyExact(value, 1L << shift);
  }
}

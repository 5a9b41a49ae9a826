package io.ovt.ebs.cindersync.conf;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code cinder.conf} read as oslo.config reads it: {@code [section]} headers, {@code key =
 * value} lines, {@code #} and {@code ;} comments. Hand-written because it is a dozen lines and no
 * INI library here reads oslo's syntax (e.g. {@code key=value} with no spaces and trailing blanks).
 */
public final class CinderConf {
  private final Map<String, Map<String, String>> sections;

  private CinderConf(Map<String, Map<String, String>> sections) {
    this.sections = sections;
  }

  /** Parses the text; a line that is neither a section, an option nor a comment is refused. */
  public static CinderConf parse(String text) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    int number = 0;
    for (String raw : text.split("\r?\n", -1)) {
      number++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current =
            sections.computeIfAbsent(
                line.substring(1, line.length() - 1).strip(), s -> new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0 || current == null) {
        throw new IllegalArgumentException(
            "line " + number + " is not an option of a section: " + line);
      }
      current.put(
          line.substring(0, eq).strip().toLowerCase(Locale.ROOT), line.substring(eq + 1).strip());
    }
    return new CinderConf(sections);
  }

  /** The sections, in file order. */
  public Map<String, Map<String, String>> sections() {
    return sections;
  }
}

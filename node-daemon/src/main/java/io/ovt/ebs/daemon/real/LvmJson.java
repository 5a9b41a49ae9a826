package io.ovt.ebs.daemon.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Parses {@code lvs} and {@code vgs} JSON reports (LVM 2.02.158+, {@code --units b --nosuffix}).
 */
final class LvmJson {
  /** The VG fields {@code vgs} is asked for. */
  static final String VG_FIELDS = "vg_name,vg_size,vg_free,vg_extent_size";

  /** The LV fields {@code lvs} is asked for. */
  static final String LV_FIELDS =
      "lv_name,vg_name,lv_size,lv_attr,pool_lv,data_percent,metadata_percent,lv_tags,origin,"
          + "lv_device_open";

  private static final ObjectMapper JSON = new ObjectMapper();

  private LvmJson() {}

  /** The volume group's size, free space and extent size. */
  record VolumeGroup(String name, long sizeBytes, long freeBytes, long extentBytes) {}

  static VolumeGroup volumeGroup(String json) throws IOException {
    JsonNode vgs = rows(json, "vg");
    if (vgs.isEmpty()) {
      throw new IOException("vgs reported no volume group");
    }
    JsonNode vg = vgs.get(0);
    return new VolumeGroup(
        vg.path("vg_name").asText(),
        number(vg, "vg_size"),
        number(vg, "vg_free"),
        number(vg, "vg_extent_size"));
  }

  static List<LogicalVolume> logicalVolumes(String json) throws IOException {
    List<LogicalVolume> lvs = new ArrayList<>();
    for (JsonNode lv : rows(json, "lv")) {
      String attr = lv.path("lv_attr").asText();
      String tags = lv.path("lv_tags").asText();
      lvs.add(
          new LogicalVolume(
              lv.path("lv_name").asText(),
              number(lv, "lv_size"),
              kind(attr),
              blankToNull(lv.path("pool_lv").asText()),
              percent(lv, "data_percent"),
              percent(lv, "metadata_percent"),
              tags.isBlank()
                  ? Set.of()
                  : Arrays.stream(tags.split(",")).map(String::strip).collect(Collectors.toSet()),
              "open".equals(lv.path("lv_device_open").asText())
                  || (attr.length() > 5 && attr.charAt(5) == 'o'),
              blankToNull(lv.path("origin").asText())));
    }
    return lvs;
  }

  /** The first letter of lv_attr names the volume type. */
  static LvKind kind(String attr) {
    if (attr.isEmpty()) {
      return LvKind.OTHER;
    }
    return switch (attr.charAt(0)) {
      case 't' -> LvKind.THIN_POOL;
      case 'V' -> LvKind.THIN;
      case 's', 'S' -> LvKind.SNAPSHOT;
      case '-', 'o' -> LvKind.THICK;
      default -> LvKind.OTHER;
    };
  }

  private static JsonNode rows(String json, String kind) throws IOException {
    JsonNode report = JSON.readTree(json).path("report");
    if (!report.isArray() || report.isEmpty()) {
      throw new IOException("not an LVM JSON report");
    }
    return report.get(0).path(kind);
  }

  private static long number(JsonNode node, String field) throws IOException {
    String text = node.path(field).asText();
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IOException(field + " is not a number: '" + text + "'", e);
    }
  }

  private static double percent(JsonNode node, String field) {
    String text = node.path(field).asText().strip();
    return text.isEmpty() ? 0.0 : Double.parseDouble(text);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}

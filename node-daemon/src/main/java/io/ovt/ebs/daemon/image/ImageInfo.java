package io.ovt.ebs.daemon.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovt.ebs.nodeapi.DiskImageFormat;
import java.io.IOException;
import java.util.Optional;

/**
 * What {@code qemu-img info --output=json} says of an image file, and whether the daemon may
 * convert it into a volume. Pure.
 *
 * @param format the format qemu-img found
 * @param virtualBytes the size of the disk the image holds
 * @param backingFile the file the image reads unwritten clusters from, or null
 * @param dataFile the external file a qcow2 image keeps its data in, or null
 * @param corrupt whether qcow2 marked the image corrupt
 */
public record ImageInfo(
    String format, long virtualBytes, String backingFile, String dataFile, boolean corrupt) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses qemu-img's JSON; IllegalArgumentException when it is not what qemu-img prints. */
  public static ImageInfo parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("qemu-img info printed no JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.path("format").isTextual() || !root.path("virtual-size").isNumber()) {
      throw new IllegalArgumentException("qemu-img info printed no format or virtual-size");
    }
    JsonNode data = root.path("format-specific").path("data");
    return new ImageInfo(
        root.get("format").asText(),
        root.get("virtual-size").asLong(),
        text(root.path("backing-filename")),
        text(data.path("data-file")),
        data.path("corrupt").asBoolean(false));
  }

  /**
   * Why this image must not be written into a volume with {@code roomBytes} of room, or empty.
   * Other files the image names would be read from the storage host itself, so they are refused.
   */
  public Optional<String> refusal(DiskImageFormat declared, long roomBytes) {
    if (!declared.qemuName().equals(format)) {
      return Optional.of("is a " + format + " file, not " + declared.qemuName() + " as declared");
    }
    if (backingFile != null) {
      return Optional.of(
          "has a backing file ("
              + backingFile
              + "); EBS imports only self-contained images (qemu-img convert -O qcow2 makes one)");
    }
    if (dataFile != null) {
      return Optional.of("keeps its data in an external file (" + dataFile + "); refused");
    }
    if (corrupt) {
      return Optional.of("is marked corrupt by qcow2");
    }
    if (virtualBytes > roomBytes) {
      return Optional.of(
          "holds a disk of "
              + virtualBytes
              + " bytes, more than the volume's "
              + roomBytes
              + "; ask for a volume at least that large");
    }
    return Optional.empty();
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}

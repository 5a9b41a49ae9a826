package io.ovt.ebs.nodeapi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Strict checks of everything in a request that can reach a storage command. Both the operator
 * (before sending) and the daemon (before acting) run them, so a bad name never reaches a command.
 */
public final class NodeApiValidation {
  /** Volume names: a DNS label, which LVM, DRBD and LIO all accept without quoting. */
  public static final Pattern VOLUME_NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

  /** IPv4 addresses. */
  public static final Pattern IPV4 =
      Pattern.compile(
          "^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$");

  /** Host names as DRBD's {@code on} sections take them. */
  public static final Pattern HOSTNAME =
      Pattern.compile(
          "^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$");

  /** iSCSI names: IQN or EUI. */
  public static final Pattern ISCSI_NAME =
      Pattern.compile(
          "^(iqn\\.[0-9]{4}-[0-9]{2}\\.[a-z0-9][a-z0-9.-]*(:[A-Za-z0-9.:_-]+)?|eui\\.[0-9A-Fa-f]{16})$");

  /** CHAP user names: safe for targetcli and tgtadm arguments. */
  public static final Pattern CHAP_USERNAME = Pattern.compile("^[A-Za-z0-9._@:+-]{1,64}$");

  /**
   * CHAP secrets: 12 characters at least (RFC 3720's advice, and what Windows initiators demand),
   * from a set no tool quotes or splits.
   */
  public static final Pattern CHAP_SECRET = Pattern.compile("^[A-Za-z0-9._~+-]{12,64}$");

  /** Largest volume the API accepts: 256 TiB, more than any volume group here holds. */
  public static final long MAX_SIZE_BYTES = 256L << 40;

  /** The longest image URL a node takes. */
  public static final int MAX_URL_LENGTH = 2048;

  private static final Pattern URL = Pattern.compile("^https?://[\\x21-\\x7e]+$");
  private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");

  /**
   * Most volumes in one batch call: bounds a request body (1 MiB at the daemon) and a query string,
   * and how long one call may hold its volumes.
   */
  public static final int MAX_BATCH = 64;

  /** Highest DRBD minor (DRBD's limit is 2^20 - 1). */
  public static final int MAX_MINOR = (1 << 20) - 1;

  private NodeApiValidation() {}

  /** True when the name is a valid volume name. */
  public static boolean isValidVolumeName(String name) {
    return name != null && VOLUME_NAME.matcher(name).matches();
  }

  /** Every problem of a desired volume; empty when it is valid. */
  public static List<String> problems(DesiredVolume volume) {
    List<String> problems = new ArrayList<>();
    if (!isValidVolumeName(volume.name())) {
      problems.add("name must be a DNS label (a-z, 0-9, '-'), got " + quote(volume.name()));
    }
    if (volume.sizeBytes() <= 0 || volume.sizeBytes() > MAX_SIZE_BYTES) {
      problems.add("sizeBytes must be between 1 and " + MAX_SIZE_BYTES);
    }
    if (volume.provisioning() == null) {
      problems.add("provisioning is required");
    }
    if (volume.drbd() != null) {
      drbdProblems(volume.drbd(), problems);
    }
    for (DesiredExport export : volume.exports()) {
      exportProblems(export, problems);
    }
    if (volume.source() != null) {
      sourceProblems(volume, problems);
    }
    return problems;
  }

  private static void sourceProblems(DesiredVolume volume, List<String> problems) {
    DesiredSource source = volume.source();
    if (source.image() != null) {
      if (source.lv() != null) {
        problems.add("source takes an lv or an image, not both");
      }
      imageProblems(source.image(), problems);
      return;
    }
    if (!isValidVolumeName(source.lv()) || source.lv().equals(volume.name())) {
      problems.add("source.lv must name another LV, got " + quote(source.lv()));
    }
    // Whether the data fits is the node's to say: only it knows the device's room.
    if (source.dataBytes() <= 0) {
      problems.add("source.dataBytes must be at least 1");
    }
  }

  private static void imageProblems(DesiredImage image, List<String> problems) {
    if (!isValidImageUrl(image.url())) {
      problems.add(
          "source.image.url must be an http or https URL of at most "
              + MAX_URL_LENGTH
              + " printable characters, got "
              + quote(image.url()));
    }
    if (image.format() == null) {
      problems.add("source.image.format is required (raw or qcow2)");
    }
    if (image.sha256() != null && !SHA256.matcher(image.sha256()).matches()) {
      problems.add("source.image.sha256 must be 64 lower-case hex digits");
    }
  }

  /** Whether a URL is one a node may fetch an image from: http(s), a host, nothing unprintable. */
  public static boolean isValidImageUrl(String url) {
    if (url == null || url.length() > MAX_URL_LENGTH || !URL.matcher(url).matches()) {
      return false;
    }
    try {
      URI uri = new URI(url);
      return uri.getHost() != null && uri.getUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** Every problem of a snapshot request; empty when it is valid. */
  public static List<String> problems(SnapshotRequest request) {
    List<String> problems = new ArrayList<>();
    if (request == null || !isValidVolumeName(request.name())) {
      problems.add("snapshot name must be a DNS label");
    } else if (request.suspensionId() != null && !isValidVolumeName(request.suspensionId())) {
      problems.add("suspensionId must be a DNS label");
    }
    return problems;
  }

  /** Every problem of an upload request; empty when it is valid. */
  public static List<String> problems(UploadRequest request) {
    List<String> problems = new ArrayList<>();
    if (request == null) {
      problems.add("an upload request body is required");
      return problems;
    }
    if (!isValidVolumeName(request.volume())) {
      problems.add("volume must be a DNS label, got " + quote(request.volume()));
    }
    if (!isValidVolumeName(request.snapshot()) || request.snapshot().equals(request.volume())) {
      problems.add(
          "snapshot must name a snapshot LV of the volume, got " + quote(request.snapshot()));
    }
    if (!isValidImageUrl(request.url())) {
      problems.add(
          "url must be an http or https URL of at most "
              + MAX_URL_LENGTH
              + " printable characters, got "
              + quote(request.url()));
    }
    if (request.format() == null) {
      problems.add("format is required (raw or qcow2)");
    }
    return problems;
  }

  private static void drbdProblems(DesiredDrbd drbd, List<String> problems) {
    if (drbd.minor() < 0 || drbd.minor() > MAX_MINOR) {
      problems.add("drbd.minor must be between 0 and " + MAX_MINOR);
    }
    if (drbd.port() < 1024 || drbd.port() > 65535) {
      problems.add("drbd.port must be between 1024 and 65535");
    }
    if (drbd.protocol() == null || drbd.role() == null) {
      problems.add("drbd.protocol and drbd.role are required");
    }
    if (!isAddress(drbd.localAddress())) {
      problems.add("drbd.localAddress must be an IPv4 address, got " + quote(drbd.localAddress()));
    }
    if (drbd.peer() == null
        || !isAddress(drbd.peer().address())
        || drbd.peer().hostname() == null
        || !HOSTNAME.matcher(drbd.peer().hostname()).matches()) {
      problems.add("drbd.peer needs a valid hostname and IPv4 address");
    }
    if (drbd.resyncRateKiB() < 1) {
      problems.add("drbd.resyncRateKiB must be positive");
    }
  }

  private static void exportProblems(DesiredExport export, List<String> problems) {
    if (export.targetIqn() == null || !ISCSI_NAME.matcher(export.targetIqn()).matches()) {
      problems.add("export targetIqn is not an IQN: " + quote(export.targetIqn()));
    }
    if (export.lun() < 0 || export.lun() > 255) {
      problems.add("export lun must be between 0 and 255");
    }
    for (String initiator : export.initiators()) {
      if (initiator == null || !ISCSI_NAME.matcher(initiator).matches()) {
        problems.add("initiator is not an IQN: " + quote(initiator));
      }
    }
    for (String portal : export.portals()) {
      if (!isPortal(portal)) {
        problems.add("portal must be ip:port, got " + quote(portal));
      }
    }
    if (export.chap() != null) {
      if (export.chap().username() == null
          || !CHAP_USERNAME.matcher(export.chap().username()).matches()) {
        problems.add("CHAP username must be 1-64 of A-Z a-z 0-9 . _ @ : + -");
      } else if (export.chap().username().startsWith("NULL")) {
        // LIO's configfs reads a value starting with NULL as "no user name".
        problems.add("CHAP username must not start with NULL");
      }
      if (export.chap().password() == null
          || !CHAP_SECRET.matcher(export.chap().password()).matches()) {
        // Never echo the secret back.
        problems.add("CHAP password must be 12-64 of A-Z a-z 0-9 . _ ~ + -");
      }
    }
  }

  private static boolean isAddress(String value) {
    return value != null && IPV4.matcher(value).matches();
  }

  private static boolean isPortal(String value) {
    if (value == null) {
      return false;
    }
    int colon = value.lastIndexOf(':');
    if (colon < 0 || !isAddress(value.substring(0, colon))) {
      return false;
    }
    String port = value.substring(colon + 1);
    return port.matches("^[0-9]{1,5}$") && Integer.parseInt(port) <= 65535;
  }

  private static String quote(String value) {
    return value == null ? "nothing" : "'" + value + "'";
  }
}

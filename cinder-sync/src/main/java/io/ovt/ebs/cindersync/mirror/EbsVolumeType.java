package io.ovt.ebs.cindersync.mirror;

import io.ovt.ebs.cindersync.client.VolumeType;
import io.ovt.ebs.crds.replication.ReplicationMode;
import io.ovt.ebs.crds.volume.Provisioning;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a Cinder volume type asks of an EBS volume, read from its extra specs: {@code
 * volume_backend_name}, {@code provisioning:type}, {@code replication_enabled} and {@code
 * ovt_ebs:replication_mode}.
 *
 * @param mode null when the type leaves it to the pair's default
 */
public record EbsVolumeType(Provisioning provisioning, boolean replicated, ReplicationMode mode) {
  static final String BACKEND_NAME = "volume_backend_name";
  static final String PROVISIONING = "provisioning:type";
  static final String REPLICATION = "replication_enabled";
  static final String MODE = "ovt_ebs:replication_mode";

  /** A type read: mirrored with its settings, not an EBS type, or an EBS type that is wrong. */
  public sealed interface Reading {}

  /** An EBS type and what it asks for. */
  public record Mirrored(EbsVolumeType type) implements Reading {}

  /** A type of another backend: its volumes are not cinder-sync's. */
  public record NotEbs() implements Reading {}

  /** An EBS type whose extra specs cannot be honoured; the message says which and why. */
  public record Invalid(String message) implements Reading {}

  /** Reads the type; {@code backends} are the {@code volume_backend_name}s that are EBS. */
  public static Reading read(VolumeType type, Set<String> backends) {
    Map<String, String> specs = type.extraSpecs();
    String backend = specs.get(BACKEND_NAME);
    if (backend == null || !backends.contains(backend.trim())) {
      return new NotEbs();
    }
    Provisioning provisioning;
    String prov = specs.getOrDefault(PROVISIONING, "thick").trim().toLowerCase(Locale.ROOT);
    switch (prov) {
      case "thin" -> provisioning = Provisioning.THIN;
      case "thick" -> provisioning = Provisioning.THICK;
      default -> {
        return new Invalid(
            "type " + type.name() + ": " + PROVISIONING + "=" + prov + " is not thin or thick");
      }
    }
    Boolean replicated = isTrue(specs.get(REPLICATION));
    if (replicated == null) {
      return new Invalid(
          "type "
              + type.name()
              + ": "
              + REPLICATION
              + "="
              + specs.get(REPLICATION)
              + " is not '<is> True' or '<is> False'");
    }
    String modeSpec = specs.get(MODE);
    ReplicationMode mode = null;
    if (modeSpec != null) {
      mode = mode(modeSpec);
      if (mode == null) {
        return new Invalid(
            "type "
                + type.name()
                + ": "
                + MODE
                + "="
                + modeSpec
                + " is not async, semi-sync or full-sync (A, B or C)");
      }
    }
    return new Mirrored(new EbsVolumeType(provisioning, replicated, mode));
  }

  // Cinder's capability filter syntax: "<is> True"; a bare True is what people also write.
  private static Boolean isTrue(String spec) {
    if (spec == null) {
      return false;
    }
    String v = spec.trim().toLowerCase(Locale.ROOT);
    if (v.startsWith("<is>")) {
      v = v.substring(4).trim();
    }
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> null;
    };
  }

  private static ReplicationMode mode(String spec) {
    return switch (spec.trim().toLowerCase(Locale.ROOT)) {
      case "async", "a" -> ReplicationMode.ASYNC;
      case "semi-sync", "b" -> ReplicationMode.SEMI_SYNC;
      case "full-sync", "sync", "c" -> ReplicationMode.FULL_SYNC;
      default -> null;
    };
  }
}

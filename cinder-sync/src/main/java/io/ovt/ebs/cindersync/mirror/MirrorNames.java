package io.ovt.ebs.cindersync.mirror;

import io.ovt.ebs.crds.Api;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Names, labels and annotations of the resources cinder-sync makes; shared with the driver. */
public final class MirrorNames {
  /** The label that marks a resource as cinder-sync's. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** Its value. */
  public static final String CINDER_SYNC = "ebs-cinder-sync";

  /** The Cinder volume type id (type names may hold characters labels refuse). */
  public static final String LABEL_TYPE = Api.GROUP + "/cinder-type-id";

  /** The Cinder status last seen. */
  public static final String STATUS = Api.GROUP + "/cinder-status";

  /** When cinder-sync first found the Cinder record gone. */
  public static final String GONE_SINCE = Api.GROUP + "/cinder-gone-since";

  private static final Pattern UUID =
      Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  private MirrorNames() {}

  /** The Snapshot name of a Cinder snapshot, stable like {@link #volumeName}. */
  public static Optional<String> snapshotName(String cinderId) {
    return volumeName(cinderId).map(v -> "cinder-snapshot-" + v.substring("cinder-".length()));
  }

  /** The Volume name of a Cinder volume: stable, so every restart finds the same object. */
  public static Optional<String> volumeName(String cinderId) {
    if (cinderId == null) {
      return Optional.empty();
    }
    String id = cinderId.toLowerCase(Locale.ROOT);
    return UUID.matcher(id).matches() ? Optional.of("cinder-" + id) : Optional.empty();
  }
}

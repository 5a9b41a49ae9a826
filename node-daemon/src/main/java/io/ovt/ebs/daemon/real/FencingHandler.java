package io.ovt.ebs.daemon.real;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * DRBD's fence-peer handler: a small script the daemon installs where every resource file points
 * ({@link #SCRIPT}). When a primary loses its peer it writes the time to {@link
 * #RECORDS}/{resource}; the daemon reports it until the peer is back up to date.
 */
public final class FencingHandler {
  /** Where the handler is installed; the resource files name it. */
  public static final Path SCRIPT = Path.of("/var/lib/ebs/bin/ebs-fence-peer");

  /** Where the handler records fencing, one file per resource. */
  public static final Path RECORDS = Path.of("/var/lib/ebs/fencing");

  private FencingHandler() {}

  /** Installs (or refreshes) the handler script at {@code target}. */
  public static void install(Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path candidate = target.resolveSibling("." + target.getFileName() + ".new");
    try (InputStream script = FencingHandler.class.getResourceAsStream("ebs-fence-peer")) {
      if (script == null) {
        throw new IOException("the fence-peer script is missing from the daemon's jar");
      }
      Files.copy(script, candidate, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setPosixFilePermissions(candidate, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.move(
        candidate, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}

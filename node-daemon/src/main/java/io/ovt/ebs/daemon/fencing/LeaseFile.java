package io.ovt.ebs.daemon.fencing;

import io.ovt.ebs.daemon.files.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The granted lease duration in the daemon's state directory: one line, the milliseconds. Written
 * only when the duration changes (renewals of the same length cost no disk write), replaced
 * atomically and forced to disk before the grant is answered.
 */
public final class LeaseFile implements LeaseStore {
  /** The file's name in the state directory. */
  public static final String NAME = "fencing-lease";

  private final Path file;

  /** The lease file in {@code stateDir} (e.g. {@code /var/lib/ebs}). */
  public LeaseFile(Path stateDir) {
    this.file = stateDir.resolve(NAME);
  }

  /** Where the file is. */
  public Path path() {
    return file;
  }

  @Override
  public Optional<Duration> load() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    try {
      long millis = Long.parseLong(text);
      if (millis <= 0) {
        throw new NumberFormatException("not positive");
      }
      return Optional.of(Duration.ofMillis(millis));
    } catch (NumberFormatException e) {
      throw new IOException(file + " does not hold a lease duration: '" + text + "'", e);
    }
  }

  @Override
  public void save(Duration duration) throws IOException {
    DurableFiles.replace(file, (duration.toMillis() + "\n").getBytes(StandardCharsets.US_ASCII));
  }
}

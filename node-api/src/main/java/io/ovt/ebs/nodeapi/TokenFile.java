package io.ovt.ebs.nodeapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Supplier;

/**
 * The bearer token, read from a file and re-read when the file changes, so a rotated token takes
 * effect without restarting the daemon or the operator.
 */
public final class TokenFile implements Supplier<String> {
  /** Shortest token accepted; shorter ones are guessable. */
  static final int MIN_LENGTH = 16;

  private final Path path;
  private FileTime loadedAt;
  private String token;

  public TokenFile(Path path) {
    this.path = path;
    get();
  }

  @Override
  public synchronized String get() {
    try {
      FileTime modified = Files.getLastModifiedTime(path);
      if (!modified.equals(loadedAt)) {
        String read = Files.readString(path).trim();
        if (read.length() < MIN_LENGTH) {
          throw new IllegalStateException(
              "token in " + path + " is shorter than " + MIN_LENGTH + " characters");
        }
        token = read;
        loadedAt = modified;
      }
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read token file " + path, e);
    }
  }
}

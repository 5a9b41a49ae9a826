package io.ovt.ebs.daemon.image;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file an image passes through on its way in or out, removed when closed whatever happened; a
 * leftover of an earlier attempt with the same name is removed first.
 *
 * @param path where it is
 */
public record ScratchFile(Path path) implements AutoCloseable {
  /** {@code name} in {@code folder} (created when missing), not there yet. */
  public static ScratchFile in(Path folder, String name) throws StorageException {
    Path path = folder.resolve(name);
    try {
      Files.createDirectories(folder);
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw StorageException.refused(
          ErrorCode.COMMAND_FAILED, "cannot prepare the scratch file " + path + ": " + e);
    }
    return new ScratchFile(path);
  }

  /** A new empty file in the system's temporary folder. */
  public static ScratchFile temporary(String suffix) throws StorageException {
    try {
      return new ScratchFile(Files.createTempFile("ebs-image-", suffix));
    } catch (IOException e) {
      throw StorageException.refused(ErrorCode.COMMAND_FAILED, "no scratch file: " + e);
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A leftover is removed by the next attempt with that name; the outcome stands.
    }
  }
}

package io.ovt.ebs.daemon.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files that survive a crash whole: written beside the target, forced to disk, renamed over it, and
 * the directory forced, so after a power loss the target holds the old content or the new, never an
 * empty or torn file (a host killed right after a plain write came back with an empty DRBD record,
 * and the daemon could not read its records any more).
 */
public final class DurableFiles {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DurableFiles.class);

  private DurableFiles() {}

  /** Replaces {@code target}'s content with {@code content}, durably and atomically. */
  public static void replace(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path candidate = dir.resolve("." + target.getFileName() + ".new");
    try (FileChannel out =
        FileChannel.open(
            candidate,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(true);
    }
    Files.move(
        candidate, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceDirectory(dir);
  }

  /** Forces a directory's entries (the rename) to disk; where the platform cannot, nothing. */
  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (UnsupportedOperationException | java.nio.file.AccessDeniedException e) {
      // Linux file systems sync directories; some others refuse to open one. The rename is
      // atomic either way, only its durability then rests on the file system's own journal.
      LOG.debug("cannot force directory {}: {}", dir, e.toString());
    }
  }
}

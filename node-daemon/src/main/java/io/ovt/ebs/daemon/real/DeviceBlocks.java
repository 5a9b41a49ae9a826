package io.ovt.ebs.daemon.real;

import io.ovt.ebs.daemon.host.BlockTool;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Copies and zeroes LVs through their device nodes ({@code /dev/<vg>/<lv>}) in 1 MiB chunks, then
 * flushes them to the disk; no command runs, so nothing can be quoted wrongly.
 */
public final class DeviceBlocks implements BlockTool {
  static final int CHUNK = 1 << 20;

  private final Path devices;

  /** Blocks of the LVs under {@code devices} (normally {@code /dev/<vg>}). */
  public DeviceBlocks(Path devices) {
    this.devices = devices;
  }

  @Override
  public void copy(String from, String to, long bytes, boolean skipZeroes, LongConsumer progress)
      throws StorageException, InterruptedException {
    Path source = devices.resolve(from);
    Path target = devices.resolve(to);
    ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
      long done = 0;
      while (done < bytes) {
        checkInterrupted();
        buffer.clear().limit((int) Math.min(CHUNK, bytes - done));
        while (buffer.hasRemaining()) {
          if (in.read(buffer, done + buffer.position()) < 0) {
            throw new IOException(source + " ends before " + bytes + " bytes");
          }
        }
        buffer.flip();
        if (!(skipZeroes && allZero(buffer))) {
          while (buffer.hasRemaining()) {
            out.write(buffer, done + buffer.position());
          }
        }
        done += buffer.limit();
        progress.accept(done);
      }
      out.force(true);
    } catch (IOException e) {
      throw failure("copy " + source + " to " + target, e);
    }
  }

  @Override
  public void zero(String lv, long fromByte, long toByte)
      throws StorageException, InterruptedException {
    Path target = devices.resolve(lv);
    ByteBuffer zeros = ByteBuffer.allocateDirect(CHUNK);
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
      long at = fromByte;
      while (at < toByte) {
        checkInterrupted();
        zeros.clear().limit((int) Math.min(CHUNK, toByte - at));
        while (zeros.hasRemaining()) {
          out.write(zeros, at + zeros.position());
        }
        at += zeros.limit();
      }
      out.force(true);
    } catch (IOException e) {
      throw failure("zero " + target, e);
    }
  }

  static boolean allZero(ByteBuffer buffer) {
    for (int i = buffer.position(); i < buffer.limit(); i++) {
      if (buffer.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private static void checkInterrupted() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("block copy stopped");
    }
  }

  private static StorageException failure(String what, IOException e) {
    return new StorageException(
        ErrorCode.COMMAND_FAILED, what + " failed: " + e.getMessage(), List.of(what), null);
  }
}

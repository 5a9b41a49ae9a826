package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.daemon.host.BlockTool;
import io.ovt.ebs.daemon.host.LvKind;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongConsumer;

/**
 * Block copies of a simulated host. A copy runs in eight steps, each carrying what the source holds
 * in its range at that moment (so a source written during the copy gives a torn copy, as on a real
 * disk); a test can hold copies half way, or make the next step fail as a crash would.
 */
final class SimBlocks implements BlockTool {
  private static final int STEPS = 8;

  private final SimulatedHost host;
  private volatile CountDownLatch hold = new CountDownLatch(0);

  SimBlocks(SimulatedHost host) {
    this.host = host;
  }

  /** Copies stop half way until {@link #release()}. */
  void hold() {
    hold = new CountDownLatch(1);
  }

  /** Lets held copies go on. */
  void release() {
    hold.countDown();
  }

  @Override
  public void copy(String from, String to, long bytes, boolean skipZeroes, LongConsumer progress)
      throws StorageException, InterruptedException {
    List<String> command =
        List.of(
            "copy", "/dev/" + host.volumeGroup + "/" + from, "/dev/" + host.volumeGroup + "/" + to);
    for (int step = 1; step <= STEPS; step++) {
      if (step == STEPS / 2 + 1) {
        hold.await();
      }
      long start = bytes * (step - 1) / STEPS;
      long end = bytes * step / STEPS;
      synchronized (host.network) {
        host.faults().check(SimOperation.BLOCK_COPY, command);
        SimLv source = readable(from, command);
        SimLv target = readable(to, command);
        if (bytes > source.readableBytes() || bytes > target.sizeBytes) {
          throw SimLvm.failed(
              ErrorCode.COMMAND_FAILED, command, "No space left on device (copy past the end)");
        }
        target.data.copyRange(source.data, start, end);
        if (target.kind == LvKind.THIN && target.sizeBytes > 0) {
          target.dataPercent =
              Math.max(target.dataPercent, 100.0 * target.data.writtenBytes() / target.sizeBytes);
        }
      }
      progress.accept(end);
    }
  }

  @Override
  public void zero(String lv, long fromByte, long toByte) throws StorageException {
    List<String> command = List.of("zero", "/dev/" + host.volumeGroup + "/" + lv);
    synchronized (host.network) {
      host.faults().check(SimOperation.BLOCK_COPY, command);
      SimLv target = readable(lv, command);
      if (toByte > target.sizeBytes) {
        throw SimLvm.failed(ErrorCode.COMMAND_FAILED, command, "No space left on device");
      }
      target.data.clear(fromByte, toByte);
      long metadata = target.metadataOffset();
      if (target.meta != null && fromByte <= metadata && metadata < toByte) {
        target.meta = null;
      }
    }
  }

  private SimLv readable(String name, List<String> command) throws StorageException {
    SimLv lv = host.lvs.get(name);
    if (lv == null || lv.kind == LvKind.THIN_POOL) {
      throw SimLvm.failed(
          ErrorCode.NOT_FOUND,
          command,
          "/dev/" + host.volumeGroup + "/" + name + ": No such file or directory");
    }
    if (lv.invalid()) {
      throw SimLvm.failed(
          ErrorCode.COMMAND_FAILED,
          command,
          "/dev/" + host.volumeGroup + "/" + name + ": Input/output error (snapshot invalid)");
    }
    return lv;
  }
}

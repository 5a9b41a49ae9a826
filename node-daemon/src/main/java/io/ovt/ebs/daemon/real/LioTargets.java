package io.ovt.ebs.daemon.real;

import io.ovt.ebs.daemon.command.Command;
import io.ovt.ebs.daemon.command.CommandRunner;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.daemon.host.TargetTool;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * LIO, observed in configfs and changed with one {@code targetcli} run per change, its commands
 * batched on stdin: targetcli starts slowly (Python and D-Bus), so one run, not one per step.
 */
public final class LioTargets implements TargetTool {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final ToolRunner tools;
  private final LioConfigfs configfs;

  /**
   * @param configfsTarget LIO's configfs root, normally {@code /sys/kernel/config/target}
   */
  public LioTargets(CommandRunner runner, Path configfsTarget) {
    this.tools = new ToolRunner(runner, LioTargets::classify);
    this.configfs = new LioConfigfs(configfsTarget);
  }

  @Override
  public List<TargetSpec> list() throws StorageException {
    try {
      return configfs.targets();
    } catch (IOException e) {
      throw new StorageException(
          ErrorCode.COMMAND_FAILED,
          "cannot read LIO's configfs: " + e.getMessage(),
          List.of(),
          null);
    }
  }

  @Override
  public void ensure(TargetSpec desired) throws StorageException {
    Optional<TargetSpec> existing =
        list().stream().filter(t -> t.iqn().equals(desired.iqn())).findFirst();
    String existingStore = existingBackstore(desired.backstore());
    String batch = LioBatch.ensure(desired, existing.orElse(null), existingStore);
    if (!batch.isEmpty()) {
      runBatch(batch, desired.chap() == null ? List.of() : List.of(desired.chap().password()));
    }
  }

  @Override
  public void remove(String iqn) throws StorageException {
    Optional<TargetSpec> existing = list().stream().filter(t -> t.iqn().equals(iqn)).findFirst();
    if (existing.isPresent()) {
      runBatch(LioBatch.remove(existing.get()), List.of());
    }
  }

  private String existingBackstore(String name) throws StorageException {
    try {
      return configfs.blockBackstores().stream()
          .filter(b -> b.name().equals(name))
          .map(LioConfigfs.BlockStore::device)
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      throw new StorageException(
          ErrorCode.COMMAND_FAILED,
          "cannot read LIO's backstores: " + e.getMessage(),
          List.of(),
          null);
    }
  }

  /** One targetcli run; the batch may hold CHAP passwords, which never reach a message. */
  private void runBatch(String batch, List<String> secrets) throws StorageException {
    tools.run(new Command(List.of("targetcli"), batch, TIMEOUT, secrets));
  }

  /** What a failed targetcli's output means. */
  static ErrorCode classify(String stderr) {
    String text = stderr.toLowerCase(Locale.ROOT);
    if (text.contains("already exists") || text.contains("in use")) {
      return ErrorCode.CONFLICT;
    }
    return ErrorCode.COMMAND_FAILED;
  }
}

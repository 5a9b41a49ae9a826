package io.ovt.ebs.daemon.real;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovt.ebs.daemon.command.Command;
import io.ovt.ebs.daemon.command.CommandRunner;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.daemon.host.TargetTool;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The tgt iSCSI target through {@code tgtadm}, as Cinder's {@code tgtadm} helper uses it. tgt
 * listens on every address, so a target's portals are what the daemon recorded for it, kept in a
 * file beside; tgt has no named backstores, so a target's volume is the IQN's last part.
 */
public final class TgtTargets implements TargetTool {
  private final ToolRunner tools;
  private final Path portalsFile;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param portalsFile where the portals promised for each target are kept
   */
  public TgtTargets(CommandRunner runner, Path portalsFile) {
    this.tools = new ToolRunner(runner, TgtTargets::classify);
    this.portalsFile = portalsFile;
  }

  @Override
  public List<TargetSpec> list() throws StorageException {
    Map<String, List<String>> portals = portals();
    List<TargetSpec> all = new ArrayList<>();
    for (TgtShow.Target t : show()) {
      if (t.luns().isEmpty()) {
        continue;
      }
      TgtShow.Lun lun = t.luns().get(0);
      all.add(
          new TargetSpec(
              t.iqn(),
              t.iqn().substring(t.iqn().lastIndexOf(':') + 1),
              lun.device(),
              lun.number(),
              t.initiators(),
              portals.getOrDefault(t.iqn(), List.of())));
    }
    return all;
  }

  @Override
  public void ensure(TargetSpec desired) throws StorageException {
    List<TgtShow.Target> targets = show();
    Optional<TgtShow.Target> existing =
        targets.stream().filter(t -> t.iqn().equals(desired.iqn())).findFirst();
    int tid;
    if (existing.isPresent()) {
      tid = existing.get().tid();
    } else {
      tid = targets.stream().mapToInt(TgtShow.Target::tid).max().orElse(0) + 1;
      tgtadm("--op", "new", "--mode", "target", "--tid", tid, "--targetname", desired.iqn());
    }
    List<TgtShow.Lun> luns = existing.map(TgtShow.Target::luns).orElse(List.of());
    if (luns.stream().anyMatch(l -> !l.device().equals(desired.devicePath()))) {
      throw StorageException.refused(
          ErrorCode.CONFLICT,
          desired.iqn() + " exports another device; a live target's device is never swapped");
    }
    if (luns.isEmpty()) {
      tgtadm(
          "--op",
          "new",
          "--mode",
          "logicalunit",
          "--tid",
          tid,
          "--lun",
          desired.lun(),
          "--backing-store",
          desired.devicePath());
    }
    List<String> bound = existing.map(TgtShow.Target::initiators).orElse(List.of());
    for (String initiator : bound) {
      if (!desired.initiators().contains(initiator)) {
        tgtadm("--op", "unbind", "--mode", "target", "--tid", tid, "--initiator-name", initiator);
      }
    }
    for (String initiator : desired.initiators()) {
      if (!bound.contains(initiator)) {
        tgtadm("--op", "bind", "--mode", "target", "--tid", tid, "--initiator-name", initiator);
      }
    }
    Map<String, List<String>> portals = portals();
    portals.put(desired.iqn(), desired.portals());
    savePortals(portals);
  }

  @Override
  public void remove(String iqn) throws StorageException {
    Optional<TgtShow.Target> existing =
        show().stream().filter(t -> t.iqn().equals(iqn)).findFirst();
    if (existing.isPresent()) {
      tgtadm("--op", "delete", "--force", "--mode", "target", "--tid", existing.get().tid());
    }
    Map<String, List<String>> portals = portals();
    if (portals.remove(iqn) != null) {
      savePortals(portals);
    }
  }

  private List<TgtShow.Target> show() throws StorageException {
    return TgtShow.parse(
        tools
            .run(Command.of("tgtadm", "--lld", "iscsi", "--mode", "target", "--op", "show"))
            .stdout());
  }

  private void tgtadm(Object... args) throws StorageException {
    List<String> argv = new ArrayList<>(List.of("tgtadm", "--lld", "iscsi"));
    for (Object arg : args) {
      argv.add(String.valueOf(arg));
    }
    tools.run(Command.of(argv));
  }

  private Map<String, List<String>> portals() throws StorageException {
    if (!Files.exists(portalsFile)) {
      return new TreeMap<>();
    }
    try {
      return new TreeMap<>(
          json.readValue(portalsFile.toFile(), new TypeReference<Map<String, List<String>>>() {}));
    } catch (IOException e) {
      throw new StorageException(
          ErrorCode.COMMAND_FAILED,
          "cannot read " + portalsFile + ": " + e.getMessage(),
          List.of(),
          null);
    }
  }

  private void savePortals(Map<String, List<String>> portals) throws StorageException {
    try {
      Files.createDirectories(portalsFile.getParent());
      json.writeValue(portalsFile.toFile(), portals);
    } catch (IOException e) {
      throw new StorageException(
          ErrorCode.COMMAND_FAILED,
          "cannot write " + portalsFile + ": " + e.getMessage(),
          List.of(),
          null);
    }
  }

  /** What a failed tgtadm's stderr means. */
  static ErrorCode classify(String stderr) {
    String text = stderr.toLowerCase(Locale.ROOT);
    if (text.contains("already exists") || text.contains("this target already exists")) {
      return ErrorCode.CONFLICT;
    }
    if (text.contains("can't find the target")) {
      return ErrorCode.NOT_FOUND;
    }
    return ErrorCode.COMMAND_FAILED;
  }
}

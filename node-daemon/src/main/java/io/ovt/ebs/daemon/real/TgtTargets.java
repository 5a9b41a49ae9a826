package io.ovt.ebs.daemon.real;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovt.ebs.daemon.command.Command;
import io.ovt.ebs.daemon.command.CommandRunner;
import io.ovt.ebs.daemon.files.DurableFiles;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.daemon.host.TargetTool;
import io.ovt.ebs.nodeapi.DesiredExport;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tgt iSCSI target through {@code tgtadm}, as Cinder's {@code tgtadm} helper uses it. tgt
 * listens on every address, so a target's portals are what the daemon recorded for it, kept in a
 * file beside; tgt has no named backstores, so a target's volume is the IQN's last part. tgt cannot
 * show a CHAP password, so the credentials set for each target are kept in a root-only file beside
 * too, as LIO keeps them in configfs.
 */
public final class TgtTargets implements TargetTool {
  /** The size a block device has now, as the kernel reports it. */
  @FunctionalInterface
  public interface DeviceSizes {
    long bytes(String devicePath) throws IOException;

    /** From sysfs: {@code /sys/class/block/<device>/size} in 512-byte sectors. */
    static DeviceSizes sysfs() {
      return path -> {
        String device = Path.of(path).toRealPath().getFileName().toString();
        return Long.parseLong(Files.readString(Path.of("/sys/class/block", device, "size")).strip())
            * 512;
      };
    }
  }

  private final ToolRunner tools;
  private final Path portalsFile;
  private final DeviceSizes deviceSizes;
  private final ObjectMapper json = new ObjectMapper();
  private final TgtChapFile chaps;

  /**
   * @param portalsFile where the portals promised for each target are kept
   */
  public TgtTargets(CommandRunner runner, Path portalsFile) {
    this(runner, portalsFile, DeviceSizes.sysfs());
  }

  /**
   * @param portalsFile where the portals promised for each target are kept
   * @param deviceSizes how to learn a backing device's current size
   */
  public TgtTargets(CommandRunner runner, Path portalsFile, DeviceSizes deviceSizes) {
    this.tools = new ToolRunner(runner, TgtTargets::classify);
    this.portalsFile = portalsFile;
    this.deviceSizes = deviceSizes;
    this.chaps = new TgtChapFile(portalsFile.resolveSibling("tgt-chap.json"));
  }

  @Override
  public List<TargetSpec> list() throws StorageException {
    Map<String, List<String>> portals = portals();
    Map<String, DesiredExport.Chap> recorded = chaps.read();
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
              portals.getOrDefault(t.iqn(), List.of()),
              observedChap(t.accounts(), recorded.get(t.iqn()))));
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
    // Credentials first, so a newly bound initiator never logs in without them.
    chap(tid, desired, existing.map(TgtShow.Target::accounts).orElse(List.of()));
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

  /**
   * Binds the target's one incoming CHAP account, or none. tgt's accounts belong to the host, not
   * to a target, so an account is deleted only when no other target of this daemon uses it, and a
   * user name another target uses with another password is refused rather than changed under it.
   */
  private void chap(int tid, TargetSpec desired, List<String> bound) throws StorageException {
    Map<String, DesiredExport.Chap> recorded = chaps.read();
    DesiredExport.Chap want = desired.chap();
    if (Objects.equals(want, observedChap(bound, recorded.get(desired.iqn())))) {
      return;
    }
    recorded.remove(desired.iqn());
    Set<String> accounts = new HashSet<>(accounts());
    for (String user : bound) {
      tgtadm("--op", "unbind", "--mode", "account", "--tid", tid, "--user", user);
      if (usedBy(recorded, user).isEmpty() && accounts.remove(user)) {
        tgtadm("--op", "delete", "--mode", "account", "--user", user);
      }
    }
    if (want != null) {
      Optional<DesiredExport.Chap> shared = usedBy(recorded, want.username());
      if (shared.isPresent() && !shared.get().equals(want)) {
        chaps.write(recorded);
        throw StorageException.refused(
            ErrorCode.CONFLICT,
            "CHAP user "
                + want.username()
                + " is bound to another target with another password; tgt's CHAP accounts"
                + " belong to the whole host, so give this export its own user name");
      }
      if (shared.isEmpty()) {
        if (accounts.contains(want.username())) {
          chaps.write(recorded);
          throw StorageException.refused(
              ErrorCode.CONFLICT,
              "tgt already has a CHAP account " + want.username() + " that EBS did not make");
        }
        tools.run(
            Command.of(
                    "tgtadm",
                    "--lld",
                    "iscsi",
                    "--op",
                    "new",
                    "--mode",
                    "account",
                    "--user",
                    want.username(),
                    "--password",
                    want.password())
                .withSecrets(List.of(want.password())));
      }
      tgtadm("--op", "bind", "--mode", "account", "--tid", tid, "--user", want.username());
      recorded.put(desired.iqn(), want);
    }
    chaps.write(recorded);
  }

  /** The CHAP a target requires: its bound account with the password recorded for it. */
  private static DesiredExport.Chap observedChap(List<String> bound, DesiredExport.Chap recorded) {
    if (bound.isEmpty()) {
      return recorded == null ? null : TargetSpec.UNSETTLED;
    }
    return recorded != null && bound.equals(List.of(recorded.username()))
        ? recorded
        : TargetSpec.UNSETTLED;
  }

  private static Optional<DesiredExport.Chap> usedBy(
      Map<String, DesiredExport.Chap> recorded, String user) {
    return recorded.values().stream().filter(c -> c.username().equals(user)).findFirst();
  }

  private List<String> accounts() throws StorageException {
    return TgtShow.parseAccounts(
        tools
            .run(Command.of("tgtadm", "--lld", "iscsi", "--mode", "account", "--op", "show"))
            .stdout());
  }

  @Override
  public void remove(String iqn) throws StorageException {
    Optional<TgtShow.Target> existing =
        show().stream().filter(t -> t.iqn().equals(iqn)).findFirst();
    if (existing.isPresent()) {
      tgtadm("--op", "delete", "--force", "--mode", "target", "--tid", existing.get().tid());
    }
    Map<String, DesiredExport.Chap> recorded = chaps.read();
    DesiredExport.Chap gone = recorded.remove(iqn);
    if (gone != null) {
      if (usedBy(recorded, gone.username()).isEmpty() && accounts().contains(gone.username())) {
        tgtadm("--op", "delete", "--mode", "account", "--user", gone.username());
      }
      chaps.write(recorded);
    }
    Map<String, List<String>> portals = portals();
    if (portals.remove(iqn) != null) {
      savePortals(portals);
    }
  }

  /**
   * tgt takes a LUN's size from its device when it opens it, so after an extend the LUN shows the
   * old size (in whole decimal megabytes) until it is reopened.
   */
  @Override
  public Set<String> outdatedLunSizes() throws StorageException {
    Set<String> outdated = new TreeSet<>();
    for (TgtShow.Target t : show()) {
      for (TgtShow.Lun lun : t.luns()) {
        long deviceMb;
        try {
          deviceMb = deviceSizes.bytes(lun.device()) / 1_000_000;
        } catch (IOException | RuntimeException e) {
          continue; // a device that cannot be read is not known to have grown
        }
        if (deviceMb > lun.sizeMb()) {
          outdated.add(t.iqn());
        }
      }
    }
    return outdated;
  }

  /**
   * Reopens the LUN's device so tgt reads its size again: tgt changes a LUN's path only while the
   * LUN is offline, and the path update brings it back online. I/O arriving in between is answered
   * "not ready"; Cinder's tgt helper recreates the whole target instead, dropping the sessions.
   */
  @Override
  public void refreshLunSize(String iqn) throws StorageException {
    Optional<TgtShow.Target> target = show().stream().filter(t -> t.iqn().equals(iqn)).findFirst();
    if (target.isEmpty()) {
      throw StorageException.refused(ErrorCode.NOT_FOUND, iqn + " is not a tgt target here");
    }
    int tid = target.get().tid();
    for (TgtShow.Lun lun : target.get().luns()) {
      Object[] update = {
        "--op", "update", "--mode", "logicalunit", "--tid", tid, "--lun", lun.number(), "--params"
      };
      tgtadm(append(update, "online=0"));
      try {
        tgtadm(append(update, "path=" + lun.device()));
      } catch (StorageException e) {
        try {
          tgtadm(append(update, "online=1"));
        } catch (StorageException again) {
          e.addSuppressed(again);
        }
        throw e;
      }
    }
  }

  private static Object[] append(Object[] args, Object last) {
    Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = last;
    return all;
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
      DurableFiles.replace(portalsFile, json.writeValueAsBytes(portals));
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

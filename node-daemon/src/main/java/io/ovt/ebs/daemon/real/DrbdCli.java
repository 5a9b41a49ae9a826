package io.ovt.ebs.daemon.real;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovt.ebs.daemon.command.Command;
import io.ovt.ebs.daemon.command.CommandResult;
import io.ovt.ebs.daemon.command.CommandRunner;
import io.ovt.ebs.daemon.files.DurableFiles;
import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.daemon.host.DrbdTool;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.NodeApiJson;
import io.ovt.ebs.nodeapi.PeerLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * DRBD through {@code drbdadm}, configured declaratively: each resource is a file in {@code
 * /etc/drbd.d/} rendered from a record the daemon keeps beside it, checked with {@code drbdadm
 * dump} before it is put in place, and applied with {@code drbdadm adjust}.
 */
public final class DrbdCli implements DrbdTool {
  /** UUID_JUST_CREATED of DRBD's metadata: the current UUID of metadata that never held data. */
  static final String FRESH_CURRENT_UUID = "0000000000000004";

  /**
   * Where DRBD's files are.
   *
   * @param configDir resource files ({@code /etc/drbd.d})
   * @param stateDir the daemon's records of them ({@code /var/lib/ebs/drbd})
   * @param procDrbd 8.4's status file
   * @param sysBlock block devices in sysfs, for device sizes
   * @param fencing where the fence-peer handler records a lost peer
   */
  public record Paths(Path configDir, Path stateDir, Path procDrbd, Path sysBlock, Path fencing) {
    /** The standard locations. */
    public static Paths standard() {
      return new Paths(
          Path.of("/etc/drbd.d"),
          Path.of("/var/lib/ebs/drbd"),
          Path.of("/proc/drbd"),
          Path.of("/sys/block"),
          FencingHandler.RECORDS);
    }
  }

  private final ToolRunner tools;
  private final Paths paths;
  private final DrbdFlavor flavor;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DrbdCli.class);
  private final ObjectMapper json = NodeApiJson.newMapper();
  private final PeerLossRecords peerLosses;

  public DrbdCli(CommandRunner runner, Paths paths, DrbdFlavor flavor) {
    this.tools = new ToolRunner(runner, DrbdCli::classify);
    this.paths = paths;
    this.flavor = flavor;
    this.peerLosses = new PeerLossRecords(paths.fencing());
  }

  @Override
  public List<PeerLoss> unacknowledgedPeerLosses() throws StorageException {
    // Reading the state first drops the records of resources whose peer is back up to date.
    Set<String> withoutPeer = new TreeSet<>();
    for (DrbdResourceStatus s : status()) {
      if (s.connection() != ConnectionState.Connected) {
        withoutPeer.add(s.name());
      }
    }
    return peerLosses.unacknowledged(withoutPeer);
  }

  @Override
  public boolean acknowledgePeerLoss(PeerLoss loss) throws StorageException {
    return peerLosses.acknowledge(loss);
  }

  @Override
  public List<DrbdResourceStatus> status() throws StorageException {
    if (flavor == DrbdFlavor.V9) {
      try {
        return DrbdStatusJson.parse(
            tools.run(Command.of("drbdsetup", "status", "--json", "--statistics")).stdout());
      } catch (IOException e) {
        throw parseError("drbdsetup status --json --statistics", e);
      }
    }
    Map<Integer, DrbdResourceConfig> byMinor =
        configs().stream()
            .collect(Collectors.toMap(DrbdResourceConfig::minor, Function.identity()));
    List<DrbdResourceStatus> all = new ArrayList<>();
    for (ProcDrbd.Minor minor : ProcDrbd.parse(read(paths.procDrbd()))) {
      DrbdResourceConfig config = byMinor.get(minor.minor());
      if (config == null) {
        continue; // a resource this daemon did not configure: not ours to report
      }
      all.add(
          new DrbdResourceStatus(
              config.name(),
              minor.minor(),
              minor.role(),
              minor.disk(),
              minor.connection(),
              minor.replication(),
              minor.peerRole(),
              minor.peerDisk(),
              minor.syncPercent(),
              false,
              deviceBytes(minor.minor()),
              peerFencedAt(config.name(), minor),
              minor.suspended(),
              minor.inFlight()));
    }
    return all;
  }

  @Override
  public List<DrbdResourceConfig> configs() throws StorageException {
    if (!Files.isDirectory(paths.stateDir())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(paths.stateDir())) {
      List<DrbdResourceConfig> configs = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        byte[] record = Files.readAllBytes(file);
        if (record.length == 0) {
          // Torn by a crash before records were written durably: the resource's next PUT
          // writes it again, and an unreadable record must not stop every other one.
          LOG.warn("ignoring the empty DRBD record {}", file);
          continue;
        }
        configs.add(json.readValue(record, DrbdResourceConfig.class));
      }
      return configs;
    } catch (IOException e) {
      throw parseError("the DRBD records in " + paths.stateDir(), e);
    }
  }

  @Override
  public void writeConfig(DrbdResourceConfig config) throws StorageException {
    for (DrbdResourceConfig other : configs()) {
      if (!other.name().equals(config.name())
          && (other.minor() == config.minor() || other.port() == config.port())) {
        throw StorageException.refused(
            ErrorCode.RESOURCE_IN_USE,
            config.name()
                + ": minor "
                + config.minor()
                + " or port "
                + config.port()
                + " is used by "
                + other.name());
      }
    }
    Path target = paths.configDir().resolve(config.name() + ".res");
    Path candidate = paths.configDir().resolve("." + config.name() + ".res.new");
    try {
      Files.createDirectories(paths.configDir());
      Files.createDirectories(paths.stateDir());
      String rendered = DrbdConfigRenderer.render(config, flavor);
      Files.writeString(candidate, rendered);
      // drbdadm parses every file in drbd.d: a bad one would break all resources, so check first.
      tools.run(Command.of("drbdadm", "-c", candidate.toString(), "dump", config.name()));
      DurableFiles.replace(target, rendered.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      DurableFiles.replace(
          paths.stateDir().resolve(config.name() + ".json"), json.writeValueAsBytes(config));
    } catch (IOException e) {
      throw new StorageException(
          ErrorCode.COMMAND_FAILED,
          "cannot write " + target + ": " + e.getMessage(),
          List.of(),
          null);
    } finally {
      candidate.toFile().delete();
    }
  }

  @Override
  public void removeConfig(String name) throws StorageException {
    try {
      Files.deleteIfExists(paths.configDir().resolve(name + ".res"));
      Files.deleteIfExists(paths.stateDir().resolve(name + ".json"));
    } catch (IOException e) {
      throw new StorageException(
          ErrorCode.COMMAND_FAILED,
          "cannot remove the config of " + name + ": " + e.getMessage(),
          List.of(),
          null);
    }
  }

  @Override
  public void ensureMetadata(String name) throws StorageException {
    if (tools.attempt(Command.of("drbdadm", "get-gi", name)).ok()) {
      return;
    }
    // get-gi fails silently without metadata; dump-md says why. Never create metadata over what
    // might be metadata we merely failed to read.
    CommandResult dump = tools.attempt(Command.of("drbdadm", "dump-md", name));
    if (dump.ok() || !dump.stderr().toLowerCase(Locale.ROOT).contains("no valid meta data found")) {
      throw new StorageException(
          ErrorCode.COMMAND_FAILED,
          name
              + ": cannot read the DRBD metadata, and will not overwrite it: "
              + dump.stderr().strip(),
          List.of("drbdadm", "dump-md", name),
          dump.stderr());
    }

    tools.run(
        flavor == DrbdFlavor.V84
            ? Command.of("drbdadm", "--", "--force", "create-md", name)
            : Command.of("drbdadm", "create-md", "--force", name));
  }

  @Override
  public boolean hasFreshMetadata(String name) throws StorageException {
    String gi = tools.run(Command.of("drbdadm", "get-gi", name)).stdout().strip();
    return gi.regionMatches(true, 0, FRESH_CURRENT_UUID, 0, FRESH_CURRENT_UUID.length());
  }

  @Override
  public void up(String name) throws StorageException {
    tools.run(Command.of("drbdadm", "up", name));
  }

  @Override
  public void adjust(String name) throws StorageException {
    tools.run(Command.of("drbdadm", "adjust", name));
  }

  @Override
  public void down(String name) throws StorageException {
    tools.run(Command.of("drbdadm", "down", name));
  }

  @Override
  public void primary(String name, boolean force) throws StorageException {
    tools.run(
        force
            ? Command.of("drbdadm", "primary", "--force", name)
            : Command.of("drbdadm", "primary", name));
  }

  @Override
  public void secondary(String name) throws StorageException {
    tools.run(Command.of("drbdadm", "secondary", name));
  }

  @Override
  public void skipInitialSync(String name) throws StorageException {
    tools.run(
        flavor == DrbdFlavor.V84
            ? Command.of("drbdadm", "--", "--clear-bitmap", "new-current-uuid", name)
            : Command.of("drbdadm", "new-current-uuid", "--clear-bitmap", name + "/0"));
  }

  @Override
  public void resize(String name) throws StorageException {
    tools.run(Command.of("drbdadm", "resize", name));
  }

  @Override
  public void suspendIo(String name) throws StorageException {
    tools.run(Command.of("drbdadm", "suspend-io", name));
  }

  @Override
  public void resumeIo(String name) throws StorageException {
    tools.run(Command.of("drbdadm", "resume-io", name));
  }

  // The same argv on both generations: drbdadm 9.22 hands these to drbdadm-84 unchanged, which
  // passes --force and --discard-my-data on to drbdsetup (checked with drbdadm -d).
  @Override
  public void detach(String name, boolean force) throws StorageException {
    tools.run(
        force
            ? Command.of("drbdadm", "detach", "--force", name)
            : Command.of("drbdadm", "detach", name));
  }

  @Override
  public void attach(String name) throws StorageException {
    tools.run(Command.of("drbdadm", "attach", name));
  }

  @Override
  public void disconnect(String name) throws StorageException {
    tools.run(Command.of("drbdadm", "disconnect", name));
  }

  @Override
  public void connect(String name, boolean discardMyData) throws StorageException {
    tools.run(
        discardMyData
            ? Command.of("drbdadm", "connect", "--discard-my-data", name)
            : Command.of("drbdadm", "connect", name));
  }

  /** What a failed drbdadm's stderr means. */
  static ErrorCode classify(String stderr) {
    String text = stderr.toLowerCase(Locale.ROOT);
    if (text.contains("held open") || text.contains("(-12)")) {
      return ErrorCode.DEVICE_IN_USE;
    }
    if (text.contains("multiple primaries")
        || text.contains("need access to uptodate data")
        || text.contains("state change failed")) {
      return ErrorCode.STATE_CHANGE_REFUSED;
    }
    if (text.contains("minor or volume exists already")
        || text.contains("minor exists")
        || text.contains("(161)")
        || text.contains("conflicting use of")) {
      return ErrorCode.RESOURCE_IN_USE;
    }
    if (text.contains("not defined in your config")) {
      return ErrorCode.NOT_FOUND;
    }
    return ErrorCode.COMMAND_FAILED;
  }

  /**
   * When the handler fenced this resource's peer, while the peer is not back up to date; once it
   * is, the record has served its purpose and is removed.
   */
  private Instant peerFencedAt(String name, ProcDrbd.Minor minor) {
    Instant since = peerLosses.since(name);
    if (since != null
        && minor.connection() == ConnectionState.Connected
        && minor.peerDisk() == DiskState.UpToDate) {
      try {
        peerLosses.clear(name);
      } catch (IOException e) {
        return since; // removed at the next read
      }
      return null;
    }
    return since;
  }

  private long deviceBytes(int minor) {
    try {
      return Long.parseLong(read(paths.sysBlock().resolve("drbd" + minor).resolve("size")).strip())
          * 512;
    } catch (StorageException | NumberFormatException e) {
      return 0;
    }
  }

  private static String read(Path file) throws StorageException {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new StorageException(
          ErrorCode.COMMAND_FAILED,
          "cannot read " + file + ": " + e.getMessage(),
          List.of("cat", file.toString()),
          null);
    }
  }

  private static StorageException parseError(String what, IOException e) {
    return new StorageException(
        ErrorCode.COMMAND_FAILED, "cannot parse " + what + ": " + e.getMessage(), List.of(), null);
  }
}

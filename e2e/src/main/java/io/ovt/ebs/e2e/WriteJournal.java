package io.ovt.ebs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A writer in a guest (normally the client) that journals every acknowledged block, and the
 * verifier that reads them back: the data-loss check of the failover tests.
 *
 * <p>The writer ({@code ackwriter.py}, shipped as a resource) writes stamped blocks with {@code
 * O_DIRECT|O_DSYNC} in turn over a region of a block device and appends {@code "seq offset sha256
 * time"} to a journal on the guest's own root disk only after the write returned. It rides out I/O
 * errors (the device vanishing in a failover) by retrying on the device {@link #retarget} names,
 * until {@link #stop} or its maximum count. {@link #verify} then reads back every journaled offset,
 * possibly through another device or on another VM: each must hold its last acknowledged write, or
 * a later write whose outcome the writer never learnt.
 */
public final class WriteJournal {
  private static final String SCRIPT = "/usr/local/lib/ebs/ackwriter.py";
  private static final String ROOT = "/var/lib/ebs-journal";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final Vm vm;
  private final String dir;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * How the writer writes.
   *
   * @param blockSize bytes per write, a multiple of the device's logical block size
   * @param regionBytes the writes go round the first this many bytes; 0 for the whole device
   * @param maxWrites the writer stops after this many acknowledged writes; 0 for no limit
   * @param fsyncEvery journal entries between fsyncs of the journal (it survives a writer crash
   *     regardless; fsync guards against a crash of the guest itself)
   */
  public record Settings(int blockSize, long regionBytes, long maxWrites, int fsyncEvery) {
    /** 4 KiB blocks over the whole device, until stopped, the journal fsynced every 64. */
    public static Settings defaults() {
      return new Settings(4096, 0, 0, 64);
    }

    /** These settings going round only the first {@code bytes} of the device. */
    public Settings withRegionBytes(long bytes) {
      return new Settings(blockSize, bytes, maxWrites, fsyncEvery);
    }

    /** These settings with another block size. */
    public Settings withBlockSize(int bytes) {
      return new Settings(bytes, regionBytes, maxWrites, fsyncEvery);
    }

    /** These settings stopping after {@code writes} acknowledged writes. */
    public Settings withMaxWrites(long writes) {
      return new Settings(blockSize, regionBytes, writes, fsyncEvery);
    }
  }

  /**
   * One acknowledged write.
   *
   * @param seq the write's sequence number (failed attempts use numbers too)
   * @param offset byte offset on the device
   * @param sha256 of the block written
   * @param at when the write returned, on the host's clock (guest clock plus the offset measured
   *     now through the agent: within ~0.1 s)
   */
  public record Ack(long seq, long offset, String sha256, Instant at) {}

  /**
   * A journaled offset that does not hold what it may.
   *
   * @param offset byte offset on the device
   * @param acknowledgedSeq the last write acknowledged there
   * @param foundSeq the write whose header the block has, or null when it has none
   * @param reason what is wrong, e.g. "stale: holds write 12, write 140 was acknowledged"
   */
  public record BadBlock(long offset, long acknowledgedSeq, Long foundSeq, String reason) {}

  /**
   * What {@link #verify} found.
   *
   * @param checked journaled offsets read back
   * @param newerUnacknowledged of those, how many hold a write after the last acknowledged one (one
   *     that failed or was cut short: correct either way)
   * @param bad the offsets holding anything else
   */
  public record Verification(long checked, long newerUnacknowledged, List<BadBlock> bad) {
    /** Whether every acknowledged write was read back. */
    public boolean ok() {
      return bad.isEmpty();
    }
  }

  private WriteJournal(Vm vm, String dir) {
    this.vm = vm;
    this.dir = dir;
  }

  /**
   * Installs the writer in {@code vm} and returns journal {@code name} there (its folder under
   * {@value #ROOT}, on the guest's root disk). Nothing runs until {@link #start}.
   */
  public static WriteJournal install(Vm vm, String name) {
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("journal name must be a plain file name: " + name);
    }
    copyScript(vm);
    return new WriteJournal(vm, ROOT + "/" + name);
  }

  /** The guest folder with the journal, the writer's log and its state files. */
  public String directory() {
    return dir;
  }

  /** Starts writing to {@code device} with {@link Settings#defaults()}. */
  public void start(String device) {
    start(device, Settings.defaults());
  }

  /**
   * Starts the writer in the background on {@code device}, with a fresh journal (an earlier one of
   * this name is removed), and returns once it runs; its first acknowledgement may come later (see
   * {@link #awaitAcknowledged}).
   */
  public void start(String device, Settings settings) {
    if (isRunning()) {
      throw new IllegalStateException(vm.name() + ": journal " + dir + " is being written");
    }
    vm.execOk(List.of("rm", "-rf", dir), COMMAND_TIMEOUT);
    vm.execOk(List.of("mkdir", "-p", dir), COMMAND_TIMEOUT);
    vm.writeString(dir + "/device", device + "\n");
    vm.execOk(
        List.of(
            "start-stop-daemon",
            "--start",
            "--background",
            "--make-pidfile",
            "--pidfile",
            dir + "/pid",
            "--output",
            dir + "/writer.log",
            "--startas",
            "/usr/bin/python3",
            "--",
            SCRIPT,
            "write",
            dir,
            "--block-size",
            Integer.toString(settings.blockSize()),
            "--region-bytes",
            Long.toString(settings.regionBytes()),
            "--max-writes",
            Long.toString(settings.maxWrites()),
            "--fsync-every",
            Integer.toString(settings.fsyncEvery())),
        COMMAND_TIMEOUT);
  }

  /**
   * Points the writer at another device (the LUN's path after a re-login to another portal): it
   * reopens before its next write, or retries there after its current write fails.
   */
  public void retarget(String device) {
    // written whole and renamed, so the writer never reads half a path
    vm.writeString(dir + "/device.new", device + "\n");
    vm.execOk(List.of("mv", dir + "/device.new", dir + "/device"), COMMAND_TIMEOUT);
  }

  /** Whether the writer process is alive. */
  public boolean isRunning() {
    return vm.exec(List.of("start-stop-daemon", "--status", "--pidfile", dir + "/pid")).ok();
  }

  /**
   * Tells the writer to stop after its current write and waits until it has (a write on a dead
   * device may take the initiator's replacement timeout to fail).
   */
  public void stop(Duration timeout) {
    vm.execOk(List.of("touch", dir + "/stop"), COMMAND_TIMEOUT);
    awaitExit(timeout);
  }

  /** Waits until the writer has stopped by itself (its maximum count) or by {@link #stop}. */
  public void awaitExit(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (!vm.exec(List.of("test", "-e", dir + "/done.json")).ok()) {
      if (!isRunning() && !vm.exec(List.of("test", "-e", dir + "/done.json")).ok()) {
        throw new VmException(vm.name() + ": the writer died\n" + log());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new VmException(vm.name() + ": the writer did not stop in " + timeout + "\n" + log());
      }
      Vm.pause(200);
    }
  }

  /**
   * Waits until at least {@code count} writes were acknowledged; fails early if the writer died.
   */
  public void awaitAcknowledged(long count, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    long acknowledged;
    while ((acknowledged = acknowledgedCount()) < count) {
      if (!isRunning()) {
        throw new VmException(
            vm.name() + ": the writer stopped at " + acknowledged + " writes\n" + log());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new VmException(
            vm.name()
                + ": "
                + acknowledged
                + " of "
                + count
                + " writes in "
                + timeout
                + "\n"
                + log());
      }
      Vm.pause(200);
    }
  }

  /** How many writes were acknowledged so far. */
  public long acknowledgedCount() {
    ExecResult lines = vm.exec(List.of("sh", "-c", "cat \"$0\"/journal 2>/dev/null | wc -l", dir));
    return Long.parseLong(lines.orThrow().stdout().strip());
  }

  /** When the last acknowledged write returned (host clock), or empty before the first. */
  public Optional<Instant> lastAcknowledgedAt() {
    String last =
        vm.exec(List.of("sh", "-c", "tail -n 1 \"$0\"/journal 2>/dev/null", dir))
            .orThrow()
            .stdout()
            .strip();
    if (last.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(parse(last, clockOffset()).at());
  }

  /** Every acknowledged write so far, in order. */
  public List<Ack> acknowledged() {
    Duration offset = clockOffset();
    List<Ack> acks = new ArrayList<>();
    vm.readString(dir + "/journal").lines().forEach(line -> acks.add(parse(line, offset)));
    return acks;
  }

  /**
   * The longest time between two consecutive acknowledged writes: the outage the client saw (zero
   * with fewer than two).
   */
  public static Duration longestGap(List<Ack> acks) {
    Duration longest = Duration.ZERO;
    for (int i = 1; i < acks.size(); i++) {
      Duration gap = Duration.between(acks.get(i - 1).at(), acks.get(i).at());
      if (gap.compareTo(longest) > 0) {
        longest = gap;
      }
    }
    return longest;
  }

  /** The writer's log: start, every device it opened, I/O errors, when writes resumed, stop. */
  public String log() {
    ExecResult result = vm.exec(List.of("cat", dir + "/writer.log"));
    return result.ok() ? result.stdout() : "(no writer log in " + dir + ")";
  }

  /** Reads every journaled offset back from {@code device} in this journal's guest. */
  public Verification verify(String device) {
    return verifyIn(vm, dir, device);
  }

  /**
   * Reads every journaled offset back from {@code device} in {@code other} (a storage host's
   * backing device, say): the journal is copied there first. The writer should have stopped.
   */
  public Verification verify(Vm other, String device) {
    if (other == vm) {
      return verify(device);
    }
    copyScript(other);
    String copy = "/tmp/ebs-journal-" + dir.substring(dir.lastIndexOf('/') + 1);
    other.execOk(List.of("mkdir", "-p", copy), COMMAND_TIMEOUT);
    other.writeFile(copy + "/run.json", vm.readFile(dir + "/run.json"));
    other.writeFile(copy + "/journal", vm.readFile(dir + "/journal"));
    return verifyIn(other, copy, device);
  }

  private Verification verifyIn(Vm in, String journalDir, String device) {
    ExecResult result =
        in.execOk(List.of("python3", SCRIPT, "verify", journalDir, device), Duration.ofMinutes(5));
    try {
      JsonNode summary = json.readTree(result.stdout());
      List<BadBlock> bad = new ArrayList<>();
      for (String line : in.readString(journalDir + "/verify.jsonl").split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode b = json.readTree(line);
        bad.add(
            new BadBlock(
                b.path("offset").asLong(),
                b.path("acknowledgedSeq").asLong(),
                b.path("foundSeq").isNull() ? null : b.path("foundSeq").asLong(),
                b.path("reason").asText()));
      }
      return new Verification(
          summary.path("checked").asLong(), summary.path("newerUnacknowledged").asLong(), bad);
    } catch (IOException e) {
      throw new VmException(in.name() + ": unreadable verifier output\n" + result.describe(), e);
    }
  }

  /** Host clock minus guest clock, halfway through one agent round trip. */
  private Duration clockOffset() {
    Instant before = Instant.now();
    Instant guest = vm.guestTime();
    Instant after = Instant.now();
    Instant middle = before.plus(Duration.between(before, after).dividedBy(2));
    return Duration.between(guest, middle);
  }

  private static Ack parse(String line, Duration clockOffset) {
    String[] f = line.strip().split(" ");
    double seconds = Double.parseDouble(f[3]);
    long whole = (long) seconds;
    Instant guestTime = Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
    return new Ack(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], guestTime.plus(clockOffset));
  }

  private static void copyScript(Vm vm) {
    byte[] script;
    try (InputStream in = WriteJournal.class.getResourceAsStream("ackwriter.py")) {
      if (in == null) {
        throw new IllegalStateException("ackwriter.py is not on the class path");
      }
      script = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ackwriter.py", e);
    }
    vm.execOk(
        List.of("mkdir", "-p", SCRIPT.substring(0, SCRIPT.lastIndexOf('/'))), COMMAND_TIMEOUT);
    vm.writeFile(SCRIPT, script);
  }
}

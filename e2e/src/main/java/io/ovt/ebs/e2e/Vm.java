package io.ovt.ebs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * One QEMU virtual machine, controlled through qemu-guest-agent. The same object stands for the VM
 * across a {@link VmCluster#restart restart}: references held by tests and helpers stay valid.
 */
public final class Vm implements AutoCloseable {
  /** How long one agent request may take; the guest can be slow under TCG on a busy host. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  private static final int FILE_CHUNK = 1 << 20;

  private final VmSpec spec;
  private final VmImages images;
  // replaced together by restart(); a restart while other threads use the VM is not supported
  private volatile QemuProcess qemu;
  private volatile GuestAgent agent;
  private volatile Instant started;
  private volatile Duration bootTime;

  private Vm(VmSpec spec, VmImages images, QemuProcess qemu) {
    this.spec = spec;
    this.images = images;
    this.qemu = qemu;
    this.agent = new GuestAgent(spec.name(), qemu.files().agentSocket());
    this.started = Instant.now();
  }

  /** Creates the VM's disks in {@code dir} and starts QEMU; see {@link #awaitReady}. */
  static Vm launch(VmSpec spec, VmImages images, Path dir, Path share, Path agentSocket) {
    return new Vm(spec, images, QemuProcess.start(spec, images, dir, share, agentSocket));
  }

  /**
   * Power-cycles the VM on its own disks: SIGKILLs QEMU if it still runs, starts it again with the
   * same overlay, scratch disk and NICs, and waits until the agent answers. The guest boots afresh:
   * what ran in it (daemons, DRBD resources, LIO's configfs, tmpfs contents) is gone, its disks are
   * as it last wrote them.
   */
  void restart(Instant deadline) {
    if (qemu.isAlive()) {
      kill();
    }
    QemuProcess relaunched = qemu.relaunch(spec, images);
    bootTime = null;
    started = Instant.now();
    qemu = relaunched;
    agent = new GuestAgent(spec.name(), relaunched.files().agentSocket());
    awaitReady(deadline);
  }

  /** Waits until qemu-guest-agent answers, which the guest's init starts last. */
  void awaitReady(Instant deadline) {
    while (true) {
      if (!qemu.isAlive()) {
        throw new VmException(
            name() + ": QEMU exited with " + qemu.exitValue() + " while booting\n" + logs());
      }
      if (agent.trySync(Duration.ofSeconds(1))) {
        bootTime = Duration.between(started, Instant.now());
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new VmException(name() + ": qemu-guest-agent did not answer in time\n" + logs());
      }
      pause(100);
    }
  }

  /** The VM's (and its guest's host) name. */
  public String name() {
    return spec.name();
  }

  /** How it was booted. */
  public VmSpec spec() {
    return spec;
  }

  /** From (last) starting QEMU to qemu-guest-agent answering; null before the VM is ready. */
  public Duration bootTime() {
    return bootTime;
  }

  /** Runs {@code argv} (no shell) with a two-minute timeout. */
  public ExecResult exec(List<String> argv) {
    return exec(argv, null, DEFAULT_TIMEOUT);
  }

  /** Runs {@code argv} (no shell); the guest process is killed if it outlives {@code timeout}. */
  public ExecResult exec(List<String> argv, Duration timeout) {
    return exec(argv, null, timeout);
  }

  /** Runs {@code argv} with {@code stdin} (may be null) as its standard input. */
  public ExecResult exec(List<String> argv, byte[] stdin, Duration timeout) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    Instant start = Instant.now();
    ObjectNode args = agent.arguments().put("path", argv.get(0)).put("capture-output", true);
    ArrayNode rest = args.putArray("arg");
    argv.subList(1, argv.size()).forEach(rest::add);
    if (stdin != null) {
      args.put("input-data", Base64.getEncoder().encodeToString(stdin));
    }
    long pid = agent.call("guest-exec", args, CALL_TIMEOUT).path("pid").asLong();
    Instant deadline = start.plus(timeout);
    long pauseMillis = 5;
    while (true) {
      JsonNode status =
          agent.call("guest-exec-status", agent.arguments().put("pid", pid), CALL_TIMEOUT);
      if (status.path("exited").asBoolean()) {
        int code =
            status.has("exitcode")
                ? status.path("exitcode").asInt()
                : 128 + status.path("signal").asInt();
        return new ExecResult(
            name(),
            List.copyOf(argv),
            code,
            decode(status.path("out-data")),
            decode(status.path("err-data")),
            Duration.between(start, Instant.now()));
      }
      if (Instant.now().isAfter(deadline)) {
        killQuietly(pid);
        throw new VmException(name() + ": timed out after " + timeout + ": " + argv);
      }
      pause(pauseMillis);
      pauseMillis = Math.min(pauseMillis * 2, 100);
    }
  }

  /** Runs {@code argv} with a two-minute timeout and throws unless it exits with 0. */
  public ExecResult execOk(String... argv) {
    return exec(Arrays.asList(argv)).orThrow();
  }

  /** Runs {@code argv} and throws unless it exits with 0. */
  public ExecResult execOk(List<String> argv, Duration timeout) {
    return exec(argv, null, timeout).orThrow();
  }

  /** The content of a guest file. */
  public byte[] readFile(String path) {
    long handle = open(path, "r");
    try {
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      while (true) {
        JsonNode chunk =
            agent.call(
                "guest-file-read",
                agent.arguments().put("handle", handle).put("count", FILE_CHUNK),
                CALL_TIMEOUT);
        content.writeBytes(Base64.getDecoder().decode(chunk.path("buf-b64").asText()));
        if (chunk.path("eof").asBoolean() || chunk.path("count").asInt() == 0) {
          return content.toByteArray();
        }
      }
    } finally {
      agent.call("guest-file-close", agent.arguments().put("handle", handle), CALL_TIMEOUT);
    }
  }

  /** A guest text file (UTF-8). */
  public String readString(String path) {
    return new String(readFile(path), StandardCharsets.UTF_8);
  }

  /** Creates or replaces a guest file; its folder must exist. */
  public void writeFile(String path, byte[] content) {
    long handle = open(path, "w");
    try {
      for (int offset = 0; offset < content.length; ) {
        byte[] chunk =
            Arrays.copyOfRange(content, offset, Math.min(content.length, offset + FILE_CHUNK));
        JsonNode written =
            agent.call(
                "guest-file-write",
                agent
                    .arguments()
                    .put("handle", handle)
                    .put("buf-b64", Base64.getEncoder().encodeToString(chunk)),
                CALL_TIMEOUT);
        offset += written.path("count").asInt();
      }
    } finally {
      agent.call("guest-file-close", agent.arguments().put("handle", handle), CALL_TIMEOUT);
    }
  }

  /** Creates or replaces a guest text file (UTF-8). */
  public void writeString(String path, String content) {
    writeFile(path, content.getBytes(StandardCharsets.UTF_8));
  }

  /** The guest's clock (qemu-guest-agent's guest-get-time), to relate guest timestamps to ours. */
  public Instant guestTime() {
    long nanos = agent.call("guest-get-time", null, CALL_TIMEOUT).asLong();
    return Instant.ofEpochSecond(0, nanos);
  }

  /** The guest's network cards, to take them down and up from inside the guest. */
  public GuestNetwork network() {
    return new GuestNetwork(this);
  }

  /**
   * Kills QEMU with SIGKILL, as a power cut would; the disks stay for {@link VmCluster#restart}.
   */
  public void kill() {
    qemu.kill();
    agent.close();
  }

  /** Whether QEMU is still running. */
  public boolean isRunning() {
    return qemu.isAlive();
  }

  /** QEMU's process id on the host, or -1 before QEMU has written its pid file. */
  public long pid() {
    return qemu.pid();
  }

  /**
   * QEMU's memory on the host, from /proc; zeros once it has exited.
   *
   * @param residentBytes resident now
   * @param peakResidentBytes the most it has been resident
   */
  public record Memory(long residentBytes, long peakResidentBytes) {}

  /** QEMU's memory on the host now. */
  public Memory memory() {
    return qemu.memory();
  }

  /** The serial console (kernel messages and the init's progress), captured to a file. */
  public Path consoleLog() {
    return qemu.files().console();
  }

  /** The serial console's text so far. */
  public String consoleText() {
    return readQuietly(qemu.files().console());
  }

  /** QEMU's own output (errors about its command line or devices). */
  public Path qemuLog() {
    return qemu.log();
  }

  /** The console and QEMU logs, for failure messages. */
  public String logs() {
    return "--- "
        + name()
        + " console ("
        + qemu.files().console()
        + ")\n"
        + readQuietly(qemu.files().console())
        + "--- "
        + name()
        + " qemu ("
        + qemu.log()
        + ")\n"
        + readQuietly(qemu.log());
  }

  /** Kills QEMU and deletes the disks; the logs stay. */
  @Override
  public void close() {
    if (qemu.isAlive()) {
      qemu.kill();
    }
    agent.close();
    qemu.deleteDisks();
  }

  private long open(String path, String mode) {
    return agent
        .call(
            "guest-file-open", agent.arguments().put("path", path).put("mode", mode), CALL_TIMEOUT)
        .asLong();
  }

  private void killQuietly(long pid) {
    try {
      ObjectNode args = agent.arguments().put("path", "kill");
      args.putArray("arg").add("-9").add(Long.toString(pid));
      agent.call("guest-exec", args, CALL_TIMEOUT);
    } catch (VmException e) {
      // the command is reported as timed out either way
    }
  }

  private static String decode(JsonNode data) {
    return data.isMissingNode()
        ? ""
        : new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8);
  }

  private static String readQuietly(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(" + file + " unreadable: " + e.getMessage() + ")\n";
    }
  }

  /** Polling pause inside the harness's deadline loops. */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VmException("interrupted", e);
    }
  }
}

package io.ovt.ebs.e2e;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A QEMU process with its disks and logs: creation, SIGKILL, memory, clean-up. */
final class QemuProcess {
  /**
   * Runs QEMU ("$@") under a shell that SIGKILLs it once our end of the shell's stdin closes: on
   * {@link #kill()}, and whenever this JVM ends, however it ends, so no VM outlives a test run.
   */
  private static final String WATCHDOG =
      String.join(
          "\n",
          "exec 3<&0",
          "\"$@\" &",
          "qemu=$!",
          "(read -r _ <&3; kill -9 \"$qemu\") &",
          "watcher=$!",
          "wait \"$qemu\"",
          "rc=$?",
          "kill \"$watcher\" 2>/dev/null",
          "exit \"$rc\"");

  private final String name;
  private final QemuCommand.Files files;
  private final Path log;
  private final Process process;

  private QemuProcess(String name, QemuCommand.Files files, Path log, Process process) {
    this.name = name;
    this.files = files;
    this.log = log;
    this.process = process;
  }

  /** Creates the VM's disks in {@code dir} (an overlay of the image, a sparse scratch disk). */
  static QemuProcess start(VmSpec spec, VmImages images, Path dir, Path share, Path agentSocket) {
    try {
      Files.createDirectories(dir);
      Path overlay = dir.resolve("root.qcow2");
      run(
          List.of(
              "qemu-img",
              "create",
              "-q",
              "-f",
              "qcow2",
              "-F",
              "qcow2",
              "-b",
              images.rootDisk().toString(),
              overlay.toString()));
      Path scratch = null;
      if (spec.scratchDiskBytes() > 0) {
        scratch = dir.resolve("scratch.raw");
        try (RandomAccessFile file = new RandomAccessFile(scratch.toFile(), "rw")) {
          file.setLength(spec.scratchDiskBytes()); // sparse: costs no host disk until written
        }
      }
      QemuCommand.Files files =
          new QemuCommand.Files(
              overlay,
              scratch,
              share,
              agentSocket,
              dir.resolve("console.log"),
              dir.resolve("qemu.pid"));
      return launch(spec, images, files, dir.resolve("qemu.log"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start VM " + spec.name(), e);
    }
  }

  /**
   * Starts QEMU again on this dead process's disks, as a power-on after a power cut: the same
   * overlay and scratch disk (never recreated, so the guest's root, volume group and DRBD metadata
   * are what it last wrote) and the same command line, so the NICs keep their ports and the peer's
   * links and the forwarded daemon port work again. Logs are appended to.
   */
  QemuProcess relaunch(VmSpec spec, VmImages images) {
    if (process.isAlive()) {
      throw new IllegalStateException(name + ": QEMU is still running");
    }
    try {
      if (!Files.isRegularFile(files.overlay())
          || (files.scratch() != null && !Files.isRegularFile(files.scratch()))) {
        throw new VmException(name + ": the disks are gone (the VM was closed, not killed)");
      }
      // the dead QEMU's socket and pid would pass for the new one's until it writes its own
      Files.deleteIfExists(files.agentSocket());
      Files.deleteIfExists(files.pidFile());
      return launch(spec, images, files, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restart VM " + spec.name(), e);
    }
  }

  private static QemuProcess launch(VmSpec spec, VmImages images, QemuCommand.Files files, Path log)
      throws IOException {
    List<String> qemu = QemuCommand.argv(spec, images, files);
    Files.writeString(log.resolveSibling("qemu.cmdline"), String.join("\n", qemu) + "\n");
    List<String> argv = new ArrayList<>(List.of("sh", "-c", WATCHDOG, "qemu-watchdog"));
    argv.addAll(qemu);
    Process process =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new QemuProcess(spec.name(), files, log, process);
  }

  QemuCommand.Files files() {
    return files;
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int exitValue() {
    return process.exitValue();
  }

  /** SIGKILL through the watchdog, and waits for QEMU to be gone. */
  void kill() {
    try {
      process.getOutputStream().close(); // the watchdog's cue
    } catch (IOException e) {
      process.destroyForcibly();
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new VmException(name + ": QEMU survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VmException(name + ": interrupted while killing QEMU", e);
    }
  }

  /** QEMU's process id (from its pid file), or -1 before QEMU wrote it. */
  long pid() {
    try {
      return Long.parseLong(Files.readString(files.pidFile()).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  Vm.Memory memory() {
    try {
      long rss = 0;
      long peak = 0;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kib(line);
        } else if (line.startsWith("VmHWM:")) {
          peak = kib(line);
        }
      }
      return new Vm.Memory(rss, peak);
    } catch (IOException e) {
      return new Vm.Memory(0, 0);
    }
  }

  /** Deletes the disks, socket and pid file; the logs stay. */
  void deleteDisks() {
    try {
      Files.deleteIfExists(files.overlay());
      if (files.scratch() != null) {
        Files.deleteIfExists(files.scratch());
      }
      Files.deleteIfExists(files.agentSocket());
      Files.deleteIfExists(files.pidFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the disks of " + name, e);
    }
  }

  private static long kib(String statusLine) {
    return Long.parseLong(statusLine.replaceAll("[^0-9]", "")) * 1024;
  }

  private static void run(List<String> argv) throws IOException {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", argv) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + argv, e);
    }
  }
}

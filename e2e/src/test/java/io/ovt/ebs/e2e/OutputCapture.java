package io.ovt.ebs.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Saves real tool outputs from the VMs as files for the parsers' unit tests, and remembers for each
 * file the host, the command and its exit code, for the folder's README.
 */
final class OutputCapture {
  /**
   * One saved file.
   *
   * @param file file name in the capture folder
   * @param host VM it came from
   * @param command what produced it
   * @param exitCode the command's exit code, or null for a file read
   * @param what what the file shows
   */
  record Entry(String file, String host, String command, Integer exitCode, String what) {}

  private final Path dir;
  private final List<Entry> entries = new ArrayList<>();

  OutputCapture(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves the standard output of a command that must succeed. */
  ExecResult stdout(String file, Vm vm, String what, List<String> argv) {
    ExecResult result = vm.exec(argv).orThrow();
    save(file, result.stdout());
    entries.add(new Entry(file, vm.name(), String.join(" ", argv), result.exitCode(), what));
    return result;
  }

  /** Saves the standard error of a command that must fail (or warn: {@code mustFail} false). */
  ExecResult stderr(String file, Vm vm, String what, List<String> argv, boolean mustFail) {
    ExecResult result = vm.exec(argv);
    if (mustFail && result.ok()) {
      throw new VmException("expected a failure:\n" + result.describe());
    }
    save(file, result.stderr());
    entries.add(new Entry(file, vm.name(), String.join(" ", argv), result.exitCode(), what));
    return result;
  }

  /** Saves both streams of a command whatever it exits with (tools that may not support 8.4). */
  ExecResult both(String file, Vm vm, String what, List<String> argv) {
    ExecResult result = vm.exec(argv);
    String text =
        result.stderr().isEmpty()
            ? result.stdout()
            : result.stdout() + (result.stdout().isEmpty() ? "" : "\n") + result.stderr();
    save(file, text);
    entries.add(new Entry(file, vm.name(), String.join(" ", argv), result.exitCode(), what));
    return result;
  }

  /** Saves a guest file's content. */
  String file(String file, Vm vm, String what, String guestPath) {
    String content = vm.readString(guestPath);
    save(file, content);
    entries.add(new Entry(file, vm.name(), "cat " + guestPath, null, what));
    return content;
  }

  /** Saves text the test wrote itself (the configuration the outputs came from). */
  void text(String file, String host, String what, String content) {
    save(file, content);
    entries.add(new Entry(file, host, "(written by the capture test)", null, what));
  }

  /** Writes README.md: environment, notes, then one row per file. */
  void writeReadme(String environment, List<String> notes) {
    StringBuilder out = new StringBuilder();
    out.append("# Real outputs of the storage tools\n\n");
    out.append(
        "Saved from real LVM, DRBD 8.4 and LIO running in the e2e virtual machines, for the\n");
    out.append(
        "node daemon's parser tests. Do not edit them by hand: they are what the tools print.\n");
    out.append(
        "Regenerate with (after `e2e/scripts/build-image.sh` and `mvn -pl node-daemon package`):\n\n");
    out.append("```\nmvn -pl e2e verify -Dit.test=CaptureRealOutputsIT \\\n");
    out.append(
        "    -Debs.e2e.captureDir=$PWD/node-daemon/src/test/resources/real-outputs\n```\n\n");
    out.append(
        "Captured by `e2e/src/test/java/io/ovt/ebs/e2e/CaptureRealOutputsIT.java` (read it for the");
    out.append(
        " exact\nsequence). Storage hosts `hci-0001` and `hci-0002` have VG `volumes` on a 1 GiB");
    out.append(
        " disk with the\nthin pool `volumes/pool` (400 MiB); DRBD resource `r0` (minor 1000, port");
    out.append(
        " 7001, protocol C) is on\nthe thick LV `ebs-thick` of each; `stderr-*` files hold the");
    out.append(
        " exact standard error of a command\nthat failed (or warned), with its exit code below.");
    out.append("\n\n## Environment\n\n```\n").append(environment.strip()).append("\n```\n\n");
    out.append("## Worth knowing when parsing\n\n");
    notes.forEach(note -> out.append("- ").append(note).append('\n'));
    out.append("\n## Files, in the order they were captured\n\n");
    out.append("| file | host | command | exit | what it shows |\n|---|---|---|---|---|\n");
    for (Entry e : entries) {
      out.append("| `")
          .append(e.file())
          .append("` | ")
          .append(e.host())
          .append(" | `")
          .append(e.command().replace("|", "\\|").replace("\n", " "))
          .append("` | ")
          .append(e.exitCode() == null ? "" : e.exitCode().toString())
          .append(" | ")
          .append(e.what())
          .append(" |\n");
    }
    save("README.md", out.toString());
  }

  private void save(String file, String content) {
    try {
      Files.writeString(dir.resolve(file), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}

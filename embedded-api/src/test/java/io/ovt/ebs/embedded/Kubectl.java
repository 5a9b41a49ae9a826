package io.ovt.ebs.embedded;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl binary against a kubeconfig, with a private HOME and cache. */
public final class Kubectl {

  /** What one kubectl run printed and returned. */
  public record Result(int exitCode, String stdout, String stderr) {
    /** Fails the test unless kubectl exited 0. */
    public Result assertOk() {
      if (exitCode != 0) {
        fail("kubectl exited %d%nstdout:%n%s%nstderr:%n%s", exitCode, stdout, stderr);
      }
      return this;
    }
  }

  private static final long TIMEOUT_SECONDS = 60;

  private final Path binary;
  private final Path kubeconfig;
  private final Path home;

  /** A kubectl using the kubeconfig, with {@code home} as HOME and cache. */
  public Kubectl(Path binary, Path kubeconfig, Path home) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.home = home;
  }

  /**
   * The kubectl to test with: system property {@code ebs.kubectl} or {@code EBS_KUBECTL}, env
   * {@code EBS_KUBECTL}, else {@code <repo>/.cache/tools/kubectl}; fails (never skips) if absent.
   */
  public static Path locate() {
    String configured = System.getProperty("ebs.kubectl", System.getProperty("EBS_KUBECTL"));
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("EBS_KUBECTL");
    }
    Path path =
        configured == null || configured.isBlank()
            ? repoRoot().resolve(".cache/tools/kubectl")
            : Path.of(configured);
    if (!Files.isExecutable(path)) {
      fail(
          "kubectl not found at %s: run scripts/fetch-tools.sh from the repository root"
              + " (or point EBS_KUBECTL at a kubectl v1.35 binary)",
          path);
    }
    return path;
  }

  /** The repository root: the surefire-provided property, else the first parent with scripts/. */
  public static Path repoRoot() {
    String property = System.getProperty("ebs.repoRoot");
    Path start = Path.of(property == null ? "" : property).toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("scripts/fetch-tools.sh"))) {
        return p;
      }
    }
    return start;
  }

  /** Runs {@code kubectl <args>} and waits for it, killing it after the timeout. */
  public Result run(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(binary.toString());
    argv.add("--kubeconfig=" + kubeconfig);
    argv.add("--cache-dir=" + home.resolve("cache"));
    argv.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(home, "stdout", ".txt");
      Path err = Files.createTempFile(home, "stderr", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().put("HOME", home.toString());
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      Process process = builder.start();
      process.getOutputStream().close(); // no input: kubectl must never wait for a prompt
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("kubectl %s did not finish in %d s", String.join(" ", args), TIMEOUT_SECONDS);
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new IllegalStateException("running " + argv, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + argv, e);
    }
  }
}

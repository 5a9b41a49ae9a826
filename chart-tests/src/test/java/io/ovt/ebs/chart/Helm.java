package io.ovt.ebs.chart;

import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real helm binary (scripts/fetch-tools.sh) on the chart in helm/ebs, with private homes. */
final class Helm {
  static final Path REPO = Path.of(System.getProperty("ebs.repoRoot", "..")).toAbsolutePath();
  static final Path CHART = REPO.resolve("helm/ebs");
  static final String NAMESPACE = "ebs-system";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** What one helm run printed. */
  record Run(int exitCode, String stdout, String stderr) {}

  private Helm() {}

  /**
   * {@code helm lint --strict} with the values files; fails the test unless helm says it is clean.
   */
  static Run lint(List<Path> values) {
    List<String> args = new ArrayList<>(List.of("lint", "--strict", CHART.toString()));
    values.forEach(v -> args.addAll(List.of("-f", v.toString())));
    return ok(run(args));
  }

  /** The objects {@code helm template} renders with the values files (CRDs too if asked). */
  static List<HasMetadata> template(List<Path> values, boolean includeCrds) {
    List<String> args =
        new ArrayList<>(List.of("template", "ebs", CHART.toString(), "--namespace", NAMESPACE));
    if (includeCrds) {
      args.add("--include-crds");
    }
    values.forEach(v -> args.addAll(List.of("-f", v.toString())));
    return parse(ok(run(args)).stdout());
  }

  /** {@code helm template} with {@code --set} values, as run, for what it refuses. */
  static Run templateRun(List<String> sets) {
    List<String> args =
        new ArrayList<>(List.of("template", "ebs", CHART.toString(), "--namespace", NAMESPACE));
    sets.forEach(v -> args.addAll(List.of("--set", v)));
    return run(args);
  }

  /** The YAML documents of a helm output, each as its typed model object. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      objects.add(SERIALIZATION.unmarshal(doc, HasMetadata.class));
    }
    return objects;
  }

  /** A values file of the test resources. */
  static Path values(String name) {
    Path file = Path.of("src/test/resources/values", name).toAbsolutePath();
    if (!Files.isRegularFile(file)) {
      fail("no values file " + file);
    }
    return file;
  }

  private static Run ok(Run run) {
    if (run.exitCode() != 0) {
      fail("helm exited %d%nstdout:%n%s%nstderr:%n%s", run.exitCode(), run.stdout(), run.stderr());
    }
    return run;
  }

  private static Run run(List<String> args) {
    Path helm = binary();
    try {
      Path home = Files.createTempDirectory("helm-home");
      List<String> command = new ArrayList<>(List.of(helm.toString()));
      command.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
      pb.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
      pb.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
      pb.environment().put("HOME", home.toString());
      Path out = home.resolve("stdout");
      Path err = home.resolve("stderr");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail("helm " + args + " did not end within 2 minutes");
      }
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + helm, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** System property {@code ebs.helm}, else {@code <repo>/.cache/tools/helm}; fails if absent. */
  private static Path binary() {
    Path helm =
        Path.of(System.getProperty("ebs.helm", REPO.resolve(".cache/tools/helm").toString()));
    if (!Files.isExecutable(helm)) {
      fail(helm + " is missing: run scripts/fetch-tools.sh");
    }
    return helm;
  }
}

package io.ovt.ebs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Runs P2-P5 of issue 10 and prints their table. Sizes from system properties: {@code
 * bench.volumes} (P2-P4, default 100), {@code bench.observationSizes} (P5, default 10,100), {@code
 * bench.steadyRequeueSeconds} (default 5), {@code bench.restartLimitSeconds} (how long P4 waits for
 * steady state, default 60), {@code bench.report} (a file the table is also written to).
 */
public final class BenchMain {
  private BenchMain() {}

  /** What one run measured. */
  record Report(
      ScaleBenchmark.Result scale,
      List<ObservationBenchmark.Count> observations,
      CreateCount.Result create,
      ApiBaseline.Result api) {}

  /**
   * Runs the benchmarks; with {@code --api-only N[,M...]} only P2's bound, the embedded API alone
   * at each size (what bounds the 10,000-volume targets, measured apart).
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--api-only")) {
      for (String size : args[1].split(",")) {
        ApiBaseline.Result r = ApiBaseline.measure(Integer.parseInt(size.strip()));
        System.out.printf(
            "embedded API alone, %d volumes: creates %.1f s, status writes %.1f s%n",
            r.volumes(), r.creates().toMillis() / 1000.0, r.statusWrites().toMillis() / 1000.0);
      }
      return;
    }
    System.out.println(BenchTable.render(run()));
  }

  /** Runs every benchmark at the configured sizes, prints and writes the table. */
  static Report run() throws Exception {
    int volumes = Integer.getInteger("bench.volumes", 100);
    List<Integer> sizes =
        Arrays.stream(System.getProperty("bench.observationSizes", "10,100").split(","))
            .map(String::strip)
            .map(Integer::valueOf)
            .toList();
    Duration steady = Duration.ofSeconds(Integer.getInteger("bench.steadyRequeueSeconds", 5));
    // Generous: a benchmark that misses its target should still say by how much.
    Duration timeout = Duration.ofSeconds(Math.max(300, volumes));
    List<ObservationBenchmark.Count> observations = ObservationBenchmark.observe(sizes);
    CreateCount.Result create = CreateCount.createOne();
    ApiBaseline.Result api = ApiBaseline.measure(volumes);
    ScaleBenchmark.Result scale =
        new ScaleBenchmark(
                volumes,
                steady,
                timeout,
                Duration.ofSeconds(Integer.getInteger("bench.restartLimitSeconds", 60)))
            .run();
    Report report = new Report(scale, observations, create, api);
    String table = BenchTable.render(report);
    String file = System.getProperty("bench.report");
    if (file != null) {
      write(Path.of(file), table);
    }
    return report;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, text);
  }
}

package io.ovt.ebs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** fio in a VM, one job at a time, read back from its JSON output. */
final class Fio {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Fio() {}

  /**
   * One fio job's write side.
   *
   * @param job the job's name
   * @param error fio's error number for the job (0: none)
   * @param totalIos write I/Os completed
   * @param iops write I/Os per second
   * @param bandwidthKiBps write bandwidth in KiB/s
   * @param clatMeanMicros mean completion latency
   * @param clatP50Micros median completion latency
   * @param clatP99Micros 99th percentile of the completion latency
   */
  record Result(
      String job,
      int error,
      long totalIos,
      double iops,
      double bandwidthKiBps,
      double clatMeanMicros,
      double clatP50Micros,
      double clatP99Micros) {

    double mibPerSecond() {
      return bandwidthKiBps / 1024.0;
    }
  }

  /**
   * The job's fio arguments: direct writes to {@code device} within its first {@code regionMib}
   * MiB, for {@code seconds} (looping over the region).
   *
   * @param rw fio's --rw (randwrite, write)
   */
  static List<String> writeJob(
      String name,
      String device,
      String rw,
      String blockSize,
      int iodepth,
      int regionMib,
      int seconds,
      int rampSeconds) {
    List<String> argv = new ArrayList<>();
    argv.add("fio");
    argv.add("--name=" + name);
    argv.add("--filename=" + device);
    argv.add("--rw=" + rw);
    argv.add("--bs=" + blockSize);
    argv.add("--iodepth=" + iodepth);
    argv.add("--direct=1");
    argv.add("--ioengine=libaio");
    argv.add("--size=" + regionMib + "M");
    argv.add("--time_based");
    argv.add("--runtime=" + seconds);
    if (rampSeconds > 0) {
      argv.add("--ramp_time=" + rampSeconds);
    }
    // the same sequence of offsets on every target
    argv.add("--randrepeat=1");
    argv.add("--norandommap");
    argv.add("--group_reporting");
    argv.add("--output-format=json");
    return argv;
  }

  /** Runs the job in the VM and returns its write side; throws when fio fails. */
  static Result run(Vm vm, List<String> job, int seconds) {
    String out = "/tmp/fio-" + System.nanoTime() + ".json";
    List<String> argv = new ArrayList<>(job);
    argv.add("--output=" + out);
    vm.execOk(argv, Duration.ofSeconds(seconds + 120));
    return parse(vm.readString(out));
  }

  /** The first job's write side in fio's --output-format=json. */
  static Result parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("fio's output is not JSON: " + json, e);
    }
    JsonNode job = root.path("jobs").path(0);
    if (job.isMissingNode()) {
      throw new IllegalArgumentException("no job in fio's output: " + json);
    }
    JsonNode write = job.path("write");
    JsonNode clat = write.path("clat_ns");
    JsonNode percentiles = clat.path("percentile");
    return new Result(
        job.path("jobname").asText(),
        job.path("error").asInt(),
        write.path("total_ios").asLong(),
        write.path("iops").asDouble(),
        write.path("bw").asDouble(),
        clat.path("mean").asDouble() / 1000.0,
        percentiles.path("50.000000").asDouble() / 1000.0,
        percentiles.path("99.000000").asDouble() / 1000.0);
  }
}

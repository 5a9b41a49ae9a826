package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FioTest {
  /** The parts of fio 3.33's --output-format=json that the benchmark reads, as fio writes them. */
  private static final String OUTPUT =
      """
      {
        "fio version" : "fio-3.33",
        "timestamp" : 1765130000,
        "jobs" : [
          {
            "jobname" : "randwrite-4k-qd1",
            "groupid" : 0,
            "error" : 0,
            "read" : { "io_bytes" : 0, "bw" : 0, "iops" : 0.0, "total_ios" : 0 },
            "write" : {
              "io_bytes" : 2457600,
              "io_kbytes" : 2400,
              "bw_bytes" : 614400,
              "bw" : 600,
              "iops" : 150.25,
              "runtime" : 4000,
              "total_ios" : 600,
              "short_ios" : 0,
              "drop_ios" : 0,
              "slat_ns" : { "min" : 0, "max" : 0, "mean" : 0.0, "stddev" : 0.0, "N" : 0 },
              "clat_ns" : {
                "min" : 3000000,
                "max" : 21000000,
                "mean" : 6650000.5,
                "stddev" : 1200000.0,
                "N" : 600,
                "percentile" : {
                  "1.000000" : 4046848,
                  "50.000000" : 6455296,
                  "99.000000" : 11075584,
                  "99.900000" : 20578304
                }
              }
            }
          }
        ]
      }
      """;

  @Test
  void readsTheWriteSideOfTheFirstJob() {
    Fio.Result result = Fio.parse(OUTPUT);
    assertThat(result.job()).isEqualTo("randwrite-4k-qd1");
    assertThat(result.error()).isZero();
    assertThat(result.totalIos()).isEqualTo(600);
    assertThat(result.iops()).isEqualTo(150.25);
    assertThat(result.mibPerSecond()).isEqualTo(600 / 1024.0);
    assertThat(result.clatMeanMicros()).isEqualTo(6650.0005);
    assertThat(result.clatP50Micros()).isEqualTo(6455.296);
    assertThat(result.clatP99Micros()).isEqualTo(11075.584);
  }

  @Test
  void refusesOutputWithoutAJob() {
    assertThatThrownBy(() -> Fio.parse("{\"jobs\": []}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no job");
    assertThatThrownBy(() -> Fio.parse("fio: no such file")).hasMessageContaining("not JSON");
  }

  @Test
  void aJobWritesDirectlyWithinTheRegionForItsTime() {
    assertThat(Fio.writeJob("lat", "/dev/sdb", "randwrite", "4k", 1, 32, 5, 0))
        .contains(
            "--filename=/dev/sdb",
            "--rw=randwrite",
            "--bs=4k",
            "--iodepth=1",
            "--direct=1",
            "--size=32M",
            "--time_based",
            "--runtime=5",
            "--output-format=json")
        .noneMatch(a -> a.startsWith("--ramp_time"));
  }
}

package io.ovt.ebs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Runs the benchmarks at the sizes Maven passes (small in a normal build, so they cannot rot) and
 * checks that what they counted makes sense. Never a timing: speed is recorded, not asserted.
 */
class BenchTest {
  @Test
  void theBenchmarksRunAndTheirCountsMakeSense() throws Exception {
    BenchMain.Report report = BenchMain.run();
    System.out.println(BenchTable.render(report));

    ScaleBenchmark.Result scale = report.scale();
    assertThat(scale.failover().volumesMoved()).isEqualTo(scale.volumes());
    assertThat(scale.create().daemonCalls()).isPositive();
    assertThat(scale.failover().calls()).isNotEmpty();
    // P3's promise: promoting N volumes on the standby takes batch calls, not a call per volume.
    var toStandby = scale.failover().calls();
    int converges =
        toStandby.getOrDefault("hci-0002 put", 0) + toStandby.getOrDefault("hci-0002 putAll[]", 0);
    assertThat(toStandby.getOrDefault("hci-0002 putAll[] volumes", 0))
        .as("volumes promoted in batches")
        .isPositive();
    assertThat(converges).as("calls that converged the standby").isLessThan(scale.volumes());

    var observations = report.observations();
    assertThat(observations).isNotEmpty();
    for (ObservationBenchmark.Count o : observations) {
      assertThat(o.observed()).as("every saved volume parsed").isEqualTo(o.volumes());
      assertThat(o.listing()).isPositive();
    }
    assertThat(report.create().total()).as("creating runs commands").isPositive();
    // P5's promise: a whole-host observation runs as many commands at any size.
    assertThat(observations)
        .extracting(ObservationBenchmark.Count::listing)
        .containsOnly(observations.get(0).listing());
  }
}

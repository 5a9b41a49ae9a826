package io.ovt.ebs.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** The benchmark's results as the Markdown table docs/benchmarks.md records. */
final class BenchTable {
  private BenchTable() {}

  static String render(BenchMain.Report report) {
    ScaleBenchmark.Result r = report.scale();
    StringBuilder t = new StringBuilder();
    t.append("| benchmark | measured | target |\n|---|---|---|\n");
    ScaleBenchmark.Create c = r.create();
    row(
        t,
        "P2 create " + r.volumes() + " volumes",
        "all Ready in "
            + secs(c.allReady())
            + " (requests sent in "
            + secs(c.requests())
            + "); "
            + c.daemonCalls()
            + " daemon calls, "
            + c.apiWrites()
            + " API writes",
        "1,000 in 30 s; 10,000 in 5 min");
    ApiBaseline.Result api = report.api();
    row(
        t,
        "P2's bound: the embedded API alone, " + api.volumes() + " volumes",
        api.volumes()
            + " creates from 8 clients in "
            + secs(api.creates())
            + ", then "
            + api.volumes()
            + " status writes in "
            + secs(api.statusWrites()),
        "(no operator, no daemons)");
    ScaleBenchmark.Failover f = r.failover();
    row(
        t,
        "P3 failover, " + r.volumes() + " volumes",
        "all served by the standby "
            + secs(f.served())
            + " after the decision (record: "
            + secs(f.recorded())
            + ", "
            + f.volumesMoved()
            + " moved); kill to decision "
            + secs(f.decision())
            + "; daemon calls meanwhile: "
            + calls(f.calls()),
        "5 s; one call per node");
    ScaleBenchmark.Restart p = r.restart();
    row(
        t,
        "P4 restart, " + r.volumes() + " volumes",
        (p.steady() == null
                ? "not steady within the limit"
                : "steady " + secs(p.steady()) + " after the start")
            + " (steady = a quiet "
            + secs(p.window())
            + " window); after the restart: API writes "
            + calls(p.writes())
            + ", daemon commands "
            + calls(p.commands())
            + "; in the last window: API writes "
            + calls(p.windowWrites())
            + ", daemon calls "
            + calls(p.windowCalls())
            + "; heap after GC "
            + p.heapAfterGcMiB()
            + " MiB (operator stopped: "
            + p.stoppedHeapMiB()
            + " MiB), peak "
            + p.peakHeapMiB()
            + " MiB",
        "10,000 in 60 s, heap 512 MiB, nothing re-done");
    for (ObservationBenchmark.Count o : report.observations()) {
      row(
          t,
          "P5 observation, " + o.volumes() + " volumes",
          o.listing()
              + " commands per GET /volumes ("
              + calls(o.listingTools())
              + "; "
              + o.observed()
              + " volumes seen), "
              + o.oneVolume()
              + " per GET /volumes/{name}, "
              + o.heartbeat()
              + " per heartbeat",
          "constant in volumes");
    }
    CreateCount.Result create = report.create();
    StringBuilder steps = new StringBuilder();
    create
        .steps()
        .forEach(
            (step, tools) ->
                steps
                    .append(steps.length() == 0 ? "" : "; ")
                    .append(step)
                    .append(": ")
                    .append(calls(tools)));
    row(
        t,
        "P5 create one replicated thin volume, exported",
        create.total() + " commands on both hosts (" + steps + ")",
        "low");
    return t.toString();
  }

  private static void row(StringBuilder t, String name, String measured, String target) {
    t.append("| ")
        .append(name)
        .append(" | ")
        .append(measured)
        .append(" | ")
        .append(target)
        .append(" |\n");
  }

  static String secs(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  static String calls(Map<String, Integer> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    StringBuilder s = new StringBuilder();
    counts.forEach(
        (k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(" ×").append(v));
    return s.toString();
  }
}

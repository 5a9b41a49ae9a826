package io.ovt.ebs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.crds.replication.ReplicationMode;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Benchmark P6 (issue 10): from the client VM, fio over iSCSI against three volumes the operator
 * made on hci-0001 in the same run: a plain LV exported through LIO (a single-node volume, no
 * DRBD), a replicated volume with DRBD protocol C and one with protocol A. Measures 4 KiB random
 * writes at queue depth 1 (completion latency mean, p50, p99) and 1 MiB sequential writes at queue
 * depth 4 (throughput), and prints them with the ratios DRBD / plain.
 *
 * <p>Asserts no timing: only that fio ran on each target without errors and completed I/O. The CI
 * size runs each job for {@value #CI_SECONDS} s; {@code -Dbench.fioSeconds=60} gives a full run,
 * {@code -Dbench.regionMib} the region written (thin LVs, written once before measuring so that no
 * measured write allocates), and {@code -Dbench.tuning=buffers,noflush,...} repeats the DRBD
 * measurements with each named DRBD setting from {@link #TUNINGS} applied by {@code drbdadm adjust}
 * on both hosts (the daemon's rendered file plus the setting), for finding what to render.
 */
class WriteLatencyBenchIT {
  static final int CI_SECONDS = 4;

  /** Candidate DRBD 8.4 settings: name, section of the resource file, statements. */
  static final Map<String, String[]> TUNINGS = new LinkedHashMap<>();

  static {
    // a control: the file as the daemon rendered it, measured again between the others
    TUNINGS.put("rendered", new String[] {"disk", ""});
    TUNINGS.put(
        "buffers", new String[] {"net", "max-buffers 8000; max-epoch-size 8000; sndbuf-size 4M;"});
    TUNINGS.put("al", new String[] {"disk", "al-extents 3389;"});
    // the resync controller only; no resync runs while measuring, so expected to change nothing
    TUNINGS.put("cplan", new String[] {"disk", "c-plan-ahead 20; c-fill-target 1M;"});
    // not safe on a volatile write cache: what DRBD's flushes cost
    TUNINGS.put("noflush", new String[] {"disk", "disk-flushes no; md-flushes no;"});
  }

  private static final String PORTAL =
      Topology.portalAddress(Topology.HCI_1) + ":" + Topology.ISCSI_PORT;

  @RegisterExtension final VmClusterExtension vms = new VmClusterExtension();

  private final long started = System.nanoTime();
  private OperatorOnVms ops;

  /** A volume under test, as the client sees it. */
  private record Target(String label, String volume, String lv, int minor, String device) {}

  /** One round's measurements of a target. */
  private record Row(String round, Target target, Fio.Result latency, Fio.Result throughput) {}

  @AfterEach
  void stop() {
    if (ops != null) {
      ops.close();
    }
  }

  @Test
  void fioOverIscsiToAPlainLvDrbdProtocolCAndProtocolA() {
    int seconds = Integer.getInteger("bench.fioSeconds", CI_SECONDS);
    int regionMib = Integer.getInteger("bench.regionMib", 16);
    int ramp = seconds >= 10 ? 2 : 0;
    List<String> tunings = tunings(System.getProperty("bench.tuning", ""));
    VmCluster cluster = vms.cluster();
    ops = new OperatorOnVms(cluster, null);
    KubernetesClient client = ops.client;
    step("storage hosts serving, operator running");

    String size = (regionMib + 32) + "Mi";
    Volume plain = E2eResources.volume("plain", size, Provisioning.THIN);
    plain.getSpec().getReplication().setEnabled(false);
    plain.getSpec().setNode(Topology.HCI_1);
    Volume drbdC = E2eResources.volume("drbd-c", size, Provisioning.THIN);
    drbdC.getSpec().getReplication().setMode(ReplicationMode.FULL_SYNC);
    Volume drbdA = E2eResources.volume("drbd-a", size, Provisioning.THIN);
    drbdA.getSpec().getReplication().setMode(ReplicationMode.ASYNC);
    for (Volume volume : List.of(plain, drbdC, drbdA)) {
      client.resource(volume).create();
      String name = volume.getMetadata().getName();
      client.resource(E2eResources.export(name, name)).create();
    }
    Vm clientVm = cluster.vm(Topology.CLIENT);
    Vm hci1 = cluster.vm(Topology.HCI_1);
    List<Target> targets = new ArrayList<>();
    for (String[] t :
        new String[][] {{"plain LV", "plain"}, {"DRBD C", "drbd-c"}, {"DRBD A", "drbd-a"}}) {
      Volume ready = ops.awaitVolumeReady(t[1]);
      VolumeExport exported = ops.awaitExportOn(t[1], "hci-0001");
      String device =
          IscsiClient.login(
              clientVm,
              PORTAL,
              exported.getStatus().getTargetIqn(),
              exported.getStatus().getTargetLun());
      int minor = ready.getStatus().getDrbd() == null ? -1 : ready.getStatus().getDrbd().getMinor();
      // fio splits --filename at ':', which the by-path name is full of: its /dev/sdX
      String disk = clientVm.execOk("readlink", "-f", device).stdout().strip();
      targets.add(new Target(t[0], t[1], ready.getStatus().getLocalName(), minor, disk));
    }
    step("three volumes Ready, exported on hci-0001 and logged in to");

    for (Target target : targets) {
      if (target.minor() >= 0) {
        String line = OperatorOnVms.procDrbdLine(hci1, target.minor());
        System.out.println(
            target.label() + " (" + target.device() + "): /proc/drbd " + line.strip());
        assertThat(line)
            .contains("cs:Connected")
            .contains("ro:Primary/Secondary")
            .contains("ds:UpToDate/UpToDate")
            .contains(target.label().endsWith("A") ? " A " : " C ");
      }
      // thin LVs: every block of the region allocated once, so no measured write allocates
      clientVm.execOk(
          List.of(
              "dd",
              "if=/dev/zero",
              "of=" + target.device(),
              "bs=1M",
              "count=" + regionMib,
              "oflag=direct",
              "status=none"),
          Duration.ofMinutes(5));
    }
    printConfiguration(hci1, targets);
    for (Target target : targets) {
      String queue = "/sys/block/" + target.device().substring("/dev/".length()) + "/queue/";
      System.out.println(
          "client "
              + target.device()
              + " ("
              + target.label()
              + "): write_cache="
              + clientVm.readString(queue + "write_cache").strip()
              + " fua="
              + clientVm.readString(queue + "fua").strip());
    }
    // Heartbeats (every 2 s) and drift checks run storage commands on the hosts: not while
    // measuring. The policy is manual, so nothing acts on the silence.
    ops.stopOperator();
    // DRBD's own floor: a round trip on the replication link (protocol C waits for one per write)
    System.out.println(
        "replication link hci-0001 -> hci-0002: "
            + hci1.execOk(
                    List.of(
                        "ping",
                        "-q",
                        "-c",
                        "20",
                        "-i",
                        "0.2",
                        Topology.replicationAddress(Topology.HCI_2)),
                    Duration.ofSeconds(30))
                .stdout()
                .lines()
                .filter(l -> l.startsWith("rtt"))
                .findFirst()
                .orElse("(no rtt line)"));
    step("region of " + regionMib + " MiB written once on each target; operator stopped");

    List<Row> rows = new ArrayList<>();
    rows.addAll(round("as rendered", targets, clientVm, seconds, regionMib, ramp));
    step("measured as the daemon renders DRBD and LIO");
    for (int i = 0; i < tunings.size(); i++) {
      String tuning = tunings.get(i);
      for (Target target : targets) {
        if (target.minor() >= 0) {
          applyTuning(cluster, target, tuning);
        }
      }
      // a name given twice is measured twice: each round has its own label
      String label = tunings.indexOf(tuning) == i ? tuning : tuning + " #" + (i + 1);
      rows.addAll(round(label, targets, clientVm, seconds, regionMib, ramp));
      for (Target target : targets) {
        if (target.minor() >= 0) {
          applyTuning(cluster, target, null);
        }
      }
      step("measured with " + tuning);
    }

    System.out.println(table(rows, seconds, regionMib));
    System.out.println("load average: " + hci1.readString("/proc/loadavg").strip() + " (hci-0001)");
    for (Row row : rows) {
      for (Fio.Result result : List.of(row.latency(), row.throughput())) {
        assertThat(result.error()).as(row.target().label() + " " + result.job()).isZero();
        assertThat(result.totalIos()).as(row.target().label() + " " + result.job()).isPositive();
      }
    }
  }

  private List<Row> round(
      String round, List<Target> targets, Vm clientVm, int seconds, int regionMib, int ramp) {
    List<Row> rows = new ArrayList<>();
    for (Target target : targets) {
      Fio.Result latency =
          Fio.run(
              clientVm,
              Fio.writeJob(
                  "randwrite-4k-qd1",
                  target.device(),
                  "randwrite",
                  "4k",
                  1,
                  regionMib,
                  seconds,
                  ramp),
              seconds + ramp);
      Fio.Result throughput =
          Fio.run(
              clientVm,
              Fio.writeJob(
                  "write-1m-qd4", target.device(), "write", "1M", 4, regionMib, seconds, ramp),
              seconds + ramp);
      rows.add(new Row(round, target, latency, throughput));
    }
    return rows;
  }

  /**
   * Rewrites the resource file on both hosts as the daemon rendered it plus the tuning's statements
   * (none: as rendered) and applies it with {@code drbdadm adjust}. The daemon keeps its own record
   * of the configuration beside the file, so it does not rewrite the file meanwhile.
   */
  private void applyTuning(VmCluster cluster, Target target, String tuning) {
    for (String host : Topology.STORAGE_HOSTS) {
      Vm vm = cluster.vm(host);
      String file = "/etc/drbd.d/" + target.lv() + ".res";
      String original = "/tmp/" + target.lv() + ".res.rendered";
      if (!vm.exec(List.of("test", "-e", original)).ok()) {
        vm.execOk("cp", file, original);
      }
      String text = vm.readString(original);
      if (tuning != null && !TUNINGS.get(tuning)[1].isEmpty()) {
        String[] setting = TUNINGS.get(tuning);
        String section = "  " + setting[0] + " {\n";
        int at = text.indexOf(section);
        assertThat(at).as(section.strip() + " in " + file + " on " + host).isNotNegative();
        at += section.length();
        text = text.substring(0, at) + "    " + setting[1] + "\n" + text.substring(at);
      }
      vm.writeString(file, text);
      vm.execOk(List.of("drbdadm", "adjust", target.lv()), Duration.ofMinutes(2));
    }
    ops.awaitUntil(
        target.lv() + " connected and up to date after " + (tuning == null ? "undo" : tuning),
        () -> OperatorOnVms.procDrbdLine(cluster.vm(Topology.HCI_1), target.minor()),
        line -> line.contains("cs:Connected") && line.contains("ds:UpToDate/UpToDate"));
    if (tuning != null) {
      System.out.println(
          "drbdsetup show "
              + target.lv()
              + " with "
              + tuning
              + ":\n"
              + cluster.vm(Topology.HCI_1).execOk("drbdsetup", "show", target.lv()).stdout());
    }
  }

  /** What DRBD and LIO run with, for the record. */
  private static void printConfiguration(Vm hci1, List<Target> targets) {
    for (Target target : targets) {
      if (target.minor() >= 0) {
        System.out.println(
            "drbdsetup show "
                + target.lv()
                + " ("
                + target.label()
                + "):\n"
                + hci1.execOk("drbdsetup", "show", target.lv()).stdout());
      }
    }
    String attributes =
        hci1.execOk(
                "sh",
                "-c",
                "cd /sys/kernel/config/target/core && for d in iblock_*/*/; do echo \"$d"
                    + " udev_path=$(cat $d/udev_path)\"; for a in emulate_write_cache"
                    + " emulate_fua_write queue_depth hw_queue_depth block_size is_nonrot"
                    + " max_write_same_len; do echo \"  $a=$(cat $d/attrib/$a)\"; done; done 2>&1; true")
            .stdout();
    System.out.println("LIO backstores on hci-0001:\n" + attributes);
    System.out.println(
        "hci-0001 block devices (write cache, FUA):\n"
            + hci1.execOk(
                    "sh",
                    "-c",
                    "for q in /sys/block/*/queue; do d=${q%/queue}; echo \"${d##*/}"
                        + " write_cache=$(cat $q/write_cache) fua=$(cat $q/fua 2>/dev/null)\";"
                        + " done 2>&1; true")
                .stdout());
  }

  static String table(List<Row> rows, int seconds, int regionMib) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "P6: fio from the client over iSCSI to hci-0001, %d s per job, %d MiB region%n",
            seconds,
            regionMib));
    out.append(
        String.format(
            Locale.ROOT,
            "%-12s %-9s | %8s %9s %9s %9s %6s | %8s %6s%n",
            "round",
            "target",
            "4k IOPS",
            "mean us",
            "p50 us",
            "p99 us",
            "x mean",
            "1M MiB/s",
            "x bw"));
    Map<String, Row> plainByRound = new LinkedHashMap<>();
    for (Row row : rows) {
      if (row.target().minor() < 0) {
        plainByRound.put(row.round(), row);
      }
    }
    for (Row row : rows) {
      Row plain = plainByRound.get(row.round());
      Fio.Result l = row.latency();
      Fio.Result t = row.throughput();
      out.append(
          String.format(
              Locale.ROOT,
              "%-12s %-9s | %8.0f %9.0f %9.0f %9.0f %6.2f | %8.1f %6.2f%n",
              row.round(),
              row.target().label(),
              l.iops(),
              l.clatMeanMicros(),
              l.clatP50Micros(),
              l.clatP99Micros(),
              plain == null ? Double.NaN : l.clatMeanMicros() / plain.latency().clatMeanMicros(),
              t.mibPerSecond(),
              plain == null ? Double.NaN : t.mibPerSecond() / plain.throughput().mibPerSecond()));
    }
    return out.toString();
  }

  private static List<String> tunings(String property) {
    List<String> names = new ArrayList<>();
    for (String name : property.split(",")) {
      if (name.isBlank()) {
        continue;
      }
      if (!TUNINGS.containsKey(name.strip())) {
        throw new IllegalArgumentException(
            "bench.tuning: unknown " + name + "; known: " + TUNINGS.keySet());
      }
      names.add(name.strip());
    }
    return names;
  }

  private void step(String what) {
    System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, what);
  }
}

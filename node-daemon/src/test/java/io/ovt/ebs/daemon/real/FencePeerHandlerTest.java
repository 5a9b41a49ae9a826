package io.ovt.ebs.daemon.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.nodeapi.PeerLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real fence-peer script, run by {@code sh} as DRBD runs it, on saved {@code /proc/drbd}
 * outputs: it records the loss, and holds a Primary's I/O (does not exit) until the daemon writes
 * the operator's acknowledgement.
 */
class FencePeerHandlerTest {
  @TempDir Path dir;
  private Path script;
  private Path proc;
  private Path lease;
  private Path fencing;

  @BeforeEach
  void install() throws Exception {
    script = dir.resolve("bin/ebs-fence-peer");
    FencingHandler.install(script);
    proc = dir.resolve("proc-drbd");
    lease = dir.resolve("fencing-lease");
    fencing = dir.resolve("fencing");
  }

  private Process handler(Map<String, String> extra) throws Exception {
    ProcessBuilder run = new ProcessBuilder(List.of("sh", script.toString()));
    run.environment().put("DRBD_RESOURCE", "ebs-1");
    run.environment().put("DRBD_MINOR", "1000");
    run.environment().put("EBS_FENCING_DIR", fencing.toString());
    run.environment().put("EBS_PROC_DRBD", proc.toString());
    run.environment().put("EBS_LEASE_FILE", lease.toString());
    run.environment().putAll(extra);
    return run.redirectErrorStream(true).start();
  }

  private void proc(String savedOutput) throws Exception {
    Files.writeString(proc, RealOutputs.read(savedOutput));
  }

  @Test
  void withoutALeaseEverGrantedItRecordsAndLetsDrbdGoOnAtOnce() throws Exception {
    proc("proc-drbd-wfconnection-primary.txt");
    Process p = handler(Map.of());
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("5: peer unreachable, DRBD continues").isEqualTo(5);
    Instant recorded = Instant.parse(Files.readString(fencing.resolve("ebs-1")).strip());
    assertThat(recorded).isBefore(Instant.now().plusSeconds(1));
    assertThat(Files.isExecutable(script)).isTrue();
  }

  @Test
  void aNodeBeingPromotedWithoutItsPeerIsLetThroughAtOnce() throws Exception {
    Files.writeString(lease, "6000\n");
    proc("proc-drbd-wfconnection-peer-down.txt"); // Secondary/Unknown: drbdadm primary runs
    Process p = handler(Map.of());
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(5);
    assertThat(fencing.resolve("ebs-1")).exists();
  }

  @Test
  void aPrimaryWaitsForTheOperatorsAcknowledgementThenMarksThePeerOutdated() throws Exception {
    Files.writeString(lease, "6000\n");
    proc("proc-drbd-wfconnection-primary.txt");
    Process p = handler(Map.of());
    await().until(() -> Files.exists(fencing.resolve("ebs-1")));
    assertThat(p.waitFor(1, TimeUnit.SECONDS)).as("I/O stays frozen: no answer yet").isFalse();

    PeerLossRecords records = new PeerLossRecords(fencing);
    List<PeerLoss> waiting = records.unacknowledged(List.of("ebs-1"));
    assertThat(waiting).hasSize(1);
    assertThat(records.acknowledge(new PeerLoss("ebs-1", Instant.EPOCH)))
        .as("another loss than the one recorded")
        .isFalse();
    assertThat(p.isAlive()).isTrue();
    assertThat(records.acknowledge(waiting.get(0))).isTrue();

    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("4: peer outdated, DRBD resumes I/O").isEqualTo(4);
    assertThat(records.unacknowledged(List.of("ebs-1"))).isEmpty();
  }

  @Test
  void aPrimaryNobodyAnswersKeepsItsIoFrozenWhenTheHandlerGivesUp() throws Exception {
    Files.writeString(lease, "6000\n");
    proc("proc-drbd-wfconnection-primary.txt");
    Process p = handler(Map.of("EBS_FENCE_WAIT", "1"));
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("a failure: DRBD keeps the I/O frozen").isEqualTo(1);
    assertThat(new PeerLossRecords(fencing).unacknowledged(List.of("ebs-1"))).hasSize(1);
  }

  @Test
  void theWaitEndsWhenThePeerIsBackBeforeAnyAnswer() throws Exception {
    Files.writeString(lease, "6000\n");
    proc("proc-drbd-wfconnection-primary.txt");
    Process p = handler(Map.of());
    await().until(() -> Files.exists(fencing.resolve("ebs-1")));
    proc("proc-drbd-connected-primary.txt"); // DRBD itself ends the freeze when it reconnects
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
  }

  @Test
  void aLaterCallKeepsTheFirstLossTime() throws Exception {
    proc("proc-drbd-wfconnection-primary.txt");
    Files.createDirectories(fencing);
    Files.writeString(fencing.resolve("ebs-1"), "2026-12-01T10:00:00.000000001Z\n");
    Process p = handler(Map.of());
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(new PeerLossRecords(fencing).since("ebs-1"))
        .isEqualTo(Instant.parse("2026-12-01T10:00:00.000000001Z"));
  }

  @Test
  void aResourceNameThatIsAPathIsRefused() throws Exception {
    proc("proc-drbd-wfconnection-primary.txt");
    Process p = handler(Map.of("DRBD_RESOURCE", "../etc"));
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(dir.resolve("etc")).doesNotExist();
  }
}

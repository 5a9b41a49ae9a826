package io.ovt.ebs.daemon.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.daemon.host.DrbdResourceConfig;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.nodeapi.DrbdProtocol;
import io.ovt.ebs.nodeapi.PeerLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DRBD's fence-peer handler records a lost peer, and the daemon reports it until the resync. */
class FencingTest {
  @TempDir Path dir;

  @Test
  void aRecordIsReportedWhileThePeerIsAwayAndDroppedOnceItIsUpToDate() throws Exception {
    DrbdCli drbd =
        new DrbdCli(
            new ScriptedCommandRunner(),
            new DrbdCli.Paths(
                dir.resolve("drbd.d"),
                dir.resolve("state"),
                dir.resolve("proc"),
                dir.resolve("sys"),
                dir.resolve("fencing")),
            DrbdFlavor.V84);
    drbd.writeConfig(
        new DrbdResourceConfig(
            "ebs-1",
            1000,
            7001,
            DrbdProtocol.C,
            new DrbdResourceConfig.Endpoint("hci-0001", "10.0.10.21", "/dev/volumes/ebs-1"),
            new DrbdResourceConfig.Endpoint("hci-0002", "10.0.10.22", null),
            102400));
    Files.createDirectories(dir.resolve("fencing"));
    Files.writeString(dir.resolve("fencing/ebs-1"), "2026-11-26T12:00:00Z\n");

    Files.writeString(dir.resolve("proc"), RealOutputs.read("proc-drbd-wfconnection-primary.txt"));
    DrbdResourceStatus lost = drbd.status().get(0);
    assertThat(lost.peerFencedAt()).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
    PeerLoss loss = new PeerLoss("ebs-1", Instant.parse("2026-11-26T12:00:00Z"));
    assertThat(drbd.unacknowledgedPeerLosses()).containsExactly(loss);
    assertThat(drbd.acknowledgePeerLoss(loss)).isTrue();
    assertThat(drbd.unacknowledgedPeerLosses()).as("acknowledged").isEmpty();
    assertThat(drbd.status().get(0).peerFencedAt())
        .as("still reported until the resync")
        .isNotNull();

    Files.writeString(dir.resolve("proc"), RealOutputs.read("proc-drbd-connected-primary.txt"));
    assertThat(drbd.status().get(0).peerFencedAt()).isNull();
    assertThat(dir.resolve("fencing/ebs-1")).doesNotExist();
    assertThat(dir.resolve("fencing/ebs-1.ack")).doesNotExist();
  }

  @Test
  void protocolAFencesResourceOnlyWhichDrbdAllowsWithIt() {
    // DRBD 8.4 refuses to connect a protocol A resource with resource-and-stonith: "(154) Fencing
    // policy resource-and-stonith only with prot B or C allowed" (seen in WriteLatencyBenchIT).
    DrbdResourceConfig config =
        new DrbdResourceConfig(
            "ebs-1",
            1000,
            7001,
            DrbdProtocol.A,
            new DrbdResourceConfig.Endpoint("hci-0001", "10.0.10.21", "/dev/volumes/ebs-1"),
            new DrbdResourceConfig.Endpoint("hci-0002", "10.0.10.22", null),
            102400);
    for (DrbdFlavor flavor : DrbdFlavor.values()) {
      assertThat(DrbdConfigRenderer.render(config, flavor))
          .as(flavor.name())
          .contains("fencing resource-only;")
          .doesNotContain("resource-and-stonith")
          .contains("fence-peer \"/var/lib/ebs/bin/ebs-fence-peer\";");
    }
    assertThat(DrbdConfigRenderer.fencing(DrbdProtocol.B)).isEqualTo("resource-and-stonith");
  }

  @Test
  void everyResourceFileNamesTheHandlerWithResourceAndStonithFencing() {
    DrbdResourceConfig config =
        new DrbdResourceConfig(
            "ebs-1",
            1000,
            7001,
            DrbdProtocol.C,
            new DrbdResourceConfig.Endpoint("hci-0001", "10.0.10.21", "/dev/volumes/ebs-1"),
            new DrbdResourceConfig.Endpoint("hci-0002", "10.0.10.22", null),
            102400);
    for (DrbdFlavor flavor : DrbdFlavor.values()) {
      assertThat(DrbdConfigRenderer.render(config, flavor))
          .as(flavor.name())
          .contains("fencing resource-and-stonith;")
          .contains("fence-peer \"/var/lib/ebs/bin/ebs-fence-peer\";");
    }
  }
}

package io.ovt.ebs.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.daemon.sim.ManualClock;
import io.ovt.ebs.daemon.sim.SimWrite;
import io.ovt.ebs.daemon.sim.SimulatedNetwork;
import io.ovt.ebs.nodeapi.DesiredDrbd;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.DrbdProtocol;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.NodeApiClient;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.PeerLoss;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.ReplicationState;
import io.ovt.ebs.nodeapi.Role;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failover against simulated daemons over HTTP, with their fencing watchdogs running: what the
 * operator's tests can do. The leases are short so the waits are too.
 */
class SimulatedDaemonsFencingTest {
  private static final String TOKEN = "fencing-test-token-0123456789";
  private static final long GIB = 1L << 30;
  private static final String ONE = "hci-0001@EBS";
  private static final String TWO = "hci-0002@EBS";

  private final ManualClock syncClock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private SimulatedDaemons daemons;

  @BeforeEach
  void start() throws Exception {
    daemons =
        SimulatedDaemons.start(
            List.of(spec(ONE, "hci-0001", "10.0.10.21"), spec(TWO, "hci-0002", "10.0.10.22")),
            new SimulatedNetwork(syncClock),
            () -> TOKEN,
            Clock.systemUTC());
    client(TWO).put(volume(false, Role.SECONDARY));
    client(ONE).put(volume(true, Role.PRIMARY));
  }

  @AfterEach
  void stop() {
    daemons.close();
  }

  @Test
  void theIsolatedPrimaryFencesItselfAndRejoinsAsSecondaryAfterThePeerIsPromoted()
      throws Exception {
    client(ONE).renewLease(Duration.ofSeconds(1));
    cut();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> client(ONE).volume("v1").orElseThrow().drbd().fenced());
    assertThat(client(ONE).renewLease(Duration.ofSeconds(1)).fencedVolumes()).containsExactly("v1");
    SimWrite held = daemons.host(ONE).submitWrite("v1", 0, 1 << 20, "held");
    assertThat(held.state()).isEqualTo(SimWrite.State.HELD);

    client(TWO).put(volume(false, Role.PRIMARY));
    ObservedVolume demoted = client(ONE).put(volume(true, Role.SECONDARY));
    assertThat(held.state()).isEqualTo(SimWrite.State.FAILED);
    assertThat(demoted.drbd().role()).isEqualTo(Role.SECONDARY);
    daemons.network().heal("10.0.10.21", "10.0.10.22");
    assertThat(client(ONE).volume("v1").orElseThrow().drbd().replication())
        .isEqualTo(ReplicationState.SyncTarget);
    syncClock.advance(Duration.ofMinutes(1));
    assertThat(client(ONE).volume("v1").orElseThrow().drbd().disk()).isEqualTo(DiskState.UpToDate);
  }

  @Test
  void aDaemonRestartedWhileIsolatedCountsAFullLeaseFromItsStartAndFences() throws Exception {
    client(ONE).renewLease(Duration.ofSeconds(2));
    cut();
    // The operator recorded the outdated peer: the primary serves on alone.
    List<PeerLoss> lost = client(ONE).renewLease(Duration.ofSeconds(2)).peersLost();
    assertThat(lost).extracting(PeerLoss::volume).containsExactly("v1");
    assertThat(client(ONE).renewLease(Duration.ofSeconds(2), lost).peersLost()).isEmpty();
    daemons.host(ONE).write("v1", 0, 1 << 20, "alone, acknowledged");
    daemons.stop(ONE); // crashed: its DRBD goes on serving, nothing fences
    daemons.restart(ONE);
    long restarted = System.nanoTime();
    assertThat(client(ONE).volume("v1").orElseThrow().drbd().fenced()).isFalse();
    await()
        .atMost(Duration.ofSeconds(6))
        .until(() -> client(ONE).volume("v1").orElseThrow().drbd().fenced());
    assertThat(Duration.ofNanos(System.nanoTime() - restarted))
        .as("a full lease less its margin, counted from the restart")
        .isGreaterThanOrEqualTo(Duration.ofMillis(1_400));
  }

  @Test
  void aPrimaryThatLostItsPeerHoldsItsWritesUntilTheOperatorRecordsTheLoss() throws Exception {
    client(ONE).renewLease(Duration.ofMinutes(1));
    cut();
    SimWrite waiting = daemons.host(ONE).submitWrite("v1", 0, 1 << 20, "after the cut");
    assertThat(waiting.state())
        .as("the fence-peer handler froze I/O")
        .isEqualTo(SimWrite.State.HELD);
    List<PeerLoss> lost = client(ONE).renewLease(Duration.ofMinutes(1)).peersLost();
    assertThat(lost).extracting(PeerLoss::volume).containsExactly("v1");
    assertThat(client(ONE).volume("v1").orElseThrow().drbd().fenced())
        .as("frozen by DRBD, not fenced by the daemon: its lease is valid")
        .isFalse();

    assertThat(client(ONE).renewLease(Duration.ofMinutes(1), lost).peersLost()).isEmpty();
    assertThat(waiting.state()).isEqualTo(SimWrite.State.WRITTEN);
    daemons.host(ONE).write("v1", 1 << 20, 1 << 20, "alone, acknowledged");
    assertThat(client(ONE).volume("v1").orElseThrow().drbd().peerFencedAt())
        .isEqualTo(lost.get(0).since());
  }

  @Test
  void aPrimaryWhoseLossNobodyRecordsNeverWritesAloneAndIsHeldOnceTheLeaseEnds() throws Exception {
    client(ONE).renewLease(Duration.ofSeconds(1));
    cut();
    SimWrite waiting = daemons.host(ONE).submitWrite("v1", 0, 1 << 20, "after the cut");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> client(ONE).volume("v1").orElseThrow().drbd().fenced());
    assertThat(waiting.state()).isEqualTo(SimWrite.State.HELD);
    // The peer is promoted; the old primary, told to step down, fails what it held.
    client(TWO).put(volume(false, Role.PRIMARY));
    client(ONE).put(volume(true, Role.SECONDARY));
    assertThat(waiting.state()).isEqualTo(SimWrite.State.FAILED);
  }

  @Test
  void aPrimaryThatKeepsItsPeerIsNeverFencedWhateverTheLease() throws Exception {
    client(ONE).renewLease(Duration.ofSeconds(1));
    await()
        .pollDelay(Duration.ofMillis(1_500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> daemons.daemon(ONE).service().fencing().lease().mustFence());
    assertThat(client(ONE).volume("v1").orElseThrow().drbd().fenced()).isFalse();
    daemons.host(ONE).write("v1", 0, 1 << 20, "served");
  }

  private void cut() {
    daemons.network().cut("10.0.10.21", "10.0.10.22");
  }

  private NodeApiClient client(String backendId) {
    return new NodeApiClient(
        URI.create("http://127.0.0.1:" + daemons.port(backendId)),
        () -> TOKEN,
        Duration.ofSeconds(5),
        NodeApiClient.newHttpClient(Duration.ofSeconds(2)));
  }

  private static SimulatedDaemons.HostSpec spec(String backendId, String host, String address) {
    return new SimulatedDaemons.HostSpec(
        backendId, host, address, 20 * GIB, "pool", 8 * GIB, "127.0.0.1", 0);
  }

  private static DesiredVolume volume(boolean onFirst, Role role) {
    String local = onFirst ? "10.0.10.21" : "10.0.10.22";
    String peer = onFirst ? "10.0.10.22" : "10.0.10.21";
    return new DesiredVolume(
        "v1",
        GIB,
        Provisioning.THIN,
        new DesiredDrbd(
            1000,
            7001,
            DrbdProtocol.C,
            local,
            new DesiredDrbd.DrbdPeer(onFirst ? "hci-0002" : "hci-0001", peer),
            role,
            100 * 1024,
            InitialSync.ZEROED),
        List.of());
  }
}

package io.ovt.ebs.nodeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fencing additions read the same from older and newer peers. */
class NodeApiJsonTest {
  private final ObjectMapper json = NodeApiJson.newMapper();

  @Test
  void aResourceFromADaemonThatDoesNotKnowFencingIsNotFenced() throws Exception {
    String older =
        """
        {"minor":1000,"port":7001,"role":"PRIMARY","disk":"UpToDate","connection":"Connected",
         "replication":"Established","peerRole":"SECONDARY","peerDisk":"UpToDate",
         "syncPercent":null,"open":true,"peerFencedAt":null}
        """;
    ObservedVolume.ObservedDrbd drbd = json.readValue(older, ObservedVolume.ObservedDrbd.class);
    assertThat(drbd.fenced()).isFalse();
    assertThat(drbd.open()).isTrue();
  }

  @Test
  void aFencedResourceAndTheLeaseRoundTrip() throws Exception {
    ObservedVolume.ObservedDrbd fenced =
        new ObservedVolume.ObservedDrbd(
            1000,
            7001,
            Role.PRIMARY,
            DiskState.UpToDate,
            ConnectionState.Connecting,
            ReplicationState.Off,
            null,
            DiskState.DUnknown,
            null,
            true,
            null,
            true);
    assertThat(json.readValue(json.writeValueAsString(fenced), ObservedVolume.ObservedDrbd.class))
        .isEqualTo(fenced);
    Lease lease = new Lease(15_000, List.of("vol-a"));
    assertThat(json.writeValueAsString(lease))
        .isEqualTo("{\"durationMillis\":15000,\"fencedVolumes\":[\"vol-a\"],\"peersLost\":[]}");
    Lease old = json.readValue("{\"durationMillis\":15000}", Lease.class);
    assertThat(old.fencedVolumes()).isEmpty();
    assertThat(old.peersLost()).isEmpty();
    Lease holding =
        new Lease(
            15_000,
            List.of(),
            List.of(
                new PeerLoss("vol-a", java.time.Instant.parse("2026-12-02T10:00:00.123456789Z"))));
    assertThat(json.readValue(json.writeValueAsString(holding), Lease.class)).isEqualTo(holding);
  }
}

package io.ovt.ebs.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.NodeDaemon;
import io.ovt.ebs.daemon.fencing.LeaseState;
import io.ovt.ebs.nodeapi.DesiredExport;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.HostType;
import io.ovt.ebs.nodeapi.Lease;
import io.ovt.ebs.nodeapi.NodeApiClient;
import io.ovt.ebs.nodeapi.NodeInfo;
import io.ovt.ebs.nodeapi.NodeRejectedException;
import io.ovt.ebs.nodeapi.ObservedSnapshot;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.SnapshotRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The node API over real HTTP against a simulated host. */
class NodeApiServerTest {
  private static final String TOKEN = "s3cret-token-0123456789";
  private static final long GIB = 1L << 30;

  private final HttpClient http = NodeApiClient.newHttpClient(Duration.ofSeconds(2));
  private CountingHost host;
  private NodeDaemon daemon;
  private NodeApiClient client;

  @BeforeEach
  void start() throws Exception {
    host = TestDaemons.host(100 * GIB, 50 * GIB);
    daemon = TestDaemons.start(host, TOKEN);
    client = clientWithToken(TOKEN);
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private NodeApiClient clientWithToken(String token) {
    return new NodeApiClient(base(), () -> token, Duration.ofSeconds(5), http);
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + daemon.port());
  }

  @Test
  void nodeReportsIdentityAndCapacity() throws Exception {
    NodeInfo node = client.node();
    assertThat(node.backendId()).isEqualTo("hci-0001@EBS");
    assertThat(node.hostType()).isEqualTo(HostType.SIMULATED);
    assertThat(node.capacity().vgSizeBytes()).isEqualTo(100 * GIB);
    assertThat(node.capacity().vgFreeBytes()).isEqualTo(50 * GIB);
    assertThat(node.capacity().thinPool().sizeBytes()).isEqualTo(50 * GIB);
  }

  @Test
  void noTokenOrAWrongOneIsRefusedAndTheLogNeverShowsTheToken() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> none =
          http.send(
              HttpRequest.newBuilder(base().resolve("/v1/node")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> v.startsWith("Bearer"));
      assertThatThrownBy(() -> clientWithToken("wrong-token-guess-0000").node())
          .isInstanceOf(NodeRejectedException.class)
          .satisfies(
              e ->
                  assertThat(((NodeRejectedException) e).error().code())
                      .isEqualTo(ErrorCode.UNAUTHORIZED));
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("refused unauthenticated request from").contains("/v1/node");
    assertThat(log).doesNotContain("wrong-token-guess").doesNotContain(TOKEN);
    assertThat(host.changes.get()).isZero();
  }

  @Test
  void putIsIdempotent() throws Exception {
    DesiredVolume desired = thick("vol-a");
    ObservedVolume first = client.put(desired);
    int changesAfterFirst = host.changes.get();
    ObservedVolume second = client.put(desired);
    assertThat(second).isEqualTo(first);
    assertThat(host.changes.get()).isEqualTo(changesAfterFirst);
    assertThat(client.volumes()).extracting(ObservedVolume::name).containsExactly("vol-a");
  }

  @Test
  void malformedJsonIsA400AndRunsNothing() throws Exception {
    HttpResponse<String> response =
        put("/v1/volumes/vol-a", "{\"name\": \"vol-a\", \"sizeBytes\": ");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("INVALID_REQUEST").contains("malformed JSON");
    assertThat(host.changes.get()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"vol%3Breboot", "%24%28id%29", "-vol", "vol%20a", "Vol"})
  void namesWithShellMetacharactersAreRefusedInThePath(String name) throws Exception {
    HttpResponse<String> response = put("/v1/volumes/" + name, "{}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(host.changes.get()).isZero();
  }

  @Test
  void badNamesInsideTheBodyAreRefusedBeforeAnyCommand() throws Exception {
    DesiredVolume badInitiator =
        new DesiredVolume(
            "vol-a",
            GIB,
            Provisioning.THICK,
            null,
            List.of(
                new DesiredExport(
                    "iqn.2010-10.org.openstack:vol-a",
                    0,
                    List.of("iqn.1993-08.org.debian:01:x;reboot"),
                    List.of("10.0.251.21:3260"))));
    assertThatThrownBy(() -> client.put(badInitiator))
        .isInstanceOf(NodeRejectedException.class)
        .hasMessageContaining("initiator");
    assertThat(host.changes.get()).isZero();
    HttpResponse<String> mismatch =
        put("/v1/volumes/vol-b", "{\"name\":\"vol-a\",\"sizeBytes\":1,\"provisioning\":\"THICK\"}");
    assertThat(mismatch.statusCode()).isEqualTo(400);
  }

  @Test
  void oversizeBodiesAreRefused() throws Exception {
    HttpResponse<String> response = put("/v1/volumes/vol-a", "x".repeat(2 << 20));
    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void observingEveryVolumeTakesTheSameFewReadsWhateverTheCount() throws Exception {
    client.put(thick("vol-0"));
    host.reads.set(0);
    client.volumes();
    int readsForOne = host.reads.get();
    for (int i = 1; i < 20; i++) {
      client.put(thick("vol-" + i));
    }
    host.reads.set(0);
    assertThat(client.volumes()).hasSize(20);
    assertThat(host.reads.get()).isEqualTo(readsForOne).isLessThanOrEqualTo(4);
  }

  @Test
  void noSpaceIsATypedErrorAndDeleteOfAnUnknownVolumeSucceeds() throws Exception {
    DesiredVolume huge = new DesiredVolume("vol-a", 60 * GIB, Provisioning.THICK, null, List.of());
    assertThatThrownBy(() -> client.put(huge))
        .isInstanceOf(NodeRejectedException.class)
        .satisfies(
            e -> {
              NodeRejectedException rejected = (NodeRejectedException) e;
              assertThat(rejected.error().code()).isEqualTo(ErrorCode.NO_SPACE);
              assertThat(rejected.error().command()).contains("lvcreate");
            });
    client.delete("vol-never");
    assertThat(client.volume("vol-never")).isEmpty();
  }

  @Test
  void snapshotsAndIoSuspensionGoOverTheApiWithTypedRefusals() throws Exception {
    client.put(thick("vol-a"));
    ObservedSnapshot snapshot = client.createSnapshot("vol-a", new SnapshotRequest("snap-a", null));
    assertThat(snapshot.origin()).isEqualTo("vol-a");
    assertThat(client.volume("vol-a").orElseThrow().snapshots()).containsExactly(snapshot);
    assertThatThrownBy(() -> client.delete("vol-a"))
        .isInstanceOfSatisfying(
            NodeRejectedException.class,
            e -> assertThat(e.error().code()).isEqualTo(ErrorCode.HAS_DEPENDENTS));
    assertThatThrownBy(() -> client.suspendIo("vol-a", Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            NodeRejectedException.class,
            e -> assertThat(e.error().code()).isEqualTo(ErrorCode.STATE_CHANGE_REFUSED));
    assertThat(client.resumeIo("vol-a", "no-such-suspension")).isFalse();
    client.deleteSnapshot("vol-a", "snap-a");
    client.delete("vol-a");
    assertThat(client.volume("vol-a")).isEmpty();
  }

  @Test
  void aLeaseIsGrantedForTheDurationAskedAndListsNoFencedVolume() throws Exception {
    Lease lease = client.renewLease(Duration.ofSeconds(15));
    assertThat(lease.durationMillis()).isEqualTo(15_000);
    assertThat(lease.fencedVolumes()).isEmpty();
    assertThat(daemon.service().fencing().lease().phase()).isEqualTo(LeaseState.Phase.VALID);
    HttpResponse<String> raw = put("/v1/lease", "{\"durationMillis\": 1000}");
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.body())
        .isEqualTo("{\"durationMillis\":1000,\"fencedVolumes\":[],\"peersLost\":[]}");
    assertThat(host.changes.get()).as("a renewal runs no storage command").isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"durationMillis\": 999}",
        "{\"durationMillis\": 600001}",
        "{\"durationMillis\": -5}",
        "{\"durationMillis\": null}",
        "{}",
        "{\"durationMillis\": ",
        "[]"
      })
  void aLeaseOutsideOneSecondToTenMinutesOrNoLeaseAtAllIsA400(String body) throws Exception {
    HttpResponse<String> response = put("/v1/lease", body);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("INVALID_REQUEST");
    assertThat(daemon.service().fencing().lease().phase()).isEqualTo(LeaseState.Phase.UNARMED);
  }

  @Test
  void aLeaseWithoutTheTokenIsRefusedAndArmsNothing() throws Exception {
    HttpResponse<String> none =
        http.send(
            HttpRequest.newBuilder(base().resolve("/v1/lease"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"durationMillis\": 15000}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThatThrownBy(
            () -> clientWithToken("wrong-token-guess-0000").renewLease(Duration.ofSeconds(15)))
        .isInstanceOfSatisfying(
            NodeRejectedException.class,
            e -> assertThat(e.error().code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    assertThat(daemon.service().fencing().lease().phase()).isEqualTo(LeaseState.Phase.UNARMED);
    assertThat(get("/v1/lease").statusCode()).as("only PUT").isEqualTo(404);
  }

  private static DesiredVolume thick(String name) {
    return new DesiredVolume(name, GIB, Provisioning.THICK, null, List.of());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base().resolve(path))
            .header("Authorization", "Bearer " + TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> put(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base().resolve(path))
            .header("Authorization", "Bearer " + TOKEN)
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

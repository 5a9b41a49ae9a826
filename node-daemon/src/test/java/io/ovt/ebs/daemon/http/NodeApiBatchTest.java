package io.ovt.ebs.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.NodeDaemon;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.NodeApiClient;
import io.ovt.ebs.nodeapi.NodeApiValidation;
import io.ovt.ebs.nodeapi.NodeRejectedException;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.VolumeResult;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node API's batch calls over real HTTP against a simulated host. */
class NodeApiBatchTest {
  private static final String TOKEN = "batch-token-0123456789";
  private static final long GIB = 1L << 30;

  private CountingHost host;
  private NodeDaemon daemon;
  private NodeApiClient client;

  @BeforeEach
  void start() throws Exception {
    host = TestDaemons.host(100 * GIB, 50 * GIB);
    daemon = TestDaemons.start(host, TOKEN);
    client =
        new NodeApiClient(
            URI.create("http://127.0.0.1:" + daemon.port()),
            () -> TOKEN,
            Duration.ofSeconds(5),
            NodeApiClient.newHttpClient(Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  @Test
  void aBatchConvergesEachVolumeAndAnswersInTheOrderGiven() throws Exception {
    List<VolumeResult> results =
        client.putAll(List.of(thin("vol-c"), thin("vol-a"), thin("vol-b")));

    assertThat(results).extracting(VolumeResult::name).containsExactly("vol-c", "vol-a", "vol-b");
    assertThat(results).allSatisfy(r -> assertThat(r.error()).isNull());
    assertThat(client.volumes()).extracting(ObservedVolume::name).hasSize(3);
    assertThat(client.putAll(List.of(thin("vol-a"), thin("vol-b"))))
        .as("the same batch again")
        .extracting(VolumeResult::observed)
        .isEqualTo(
            List.of(client.volume("vol-a").orElseThrow(), client.volume("vol-b").orElseThrow()));
  }

  @Test
  void aRefusedVolumeIsAnsweredAsSuchAndTheOthersStillConverge() throws Exception {
    DesiredVolume tooBig =
        new DesiredVolume("vol-big", 60 * GIB, Provisioning.THICK, null, List.of());
    DesiredVolume invalid = new DesiredVolume("vol-bad", 0, Provisioning.THICK, null, List.of());

    List<VolumeResult> results = client.putAll(List.of(tooBig, thin("vol-ok"), invalid));

    assertThat(results.get(0).error().code()).isEqualTo(ErrorCode.NO_SPACE);
    assertThat(results.get(1).orThrow().name()).isEqualTo("vol-ok");
    assertThat(results.get(2).error().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThatThrownBy(results.get(2)::orThrow)
        .isInstanceOf(NodeRejectedException.class)
        .hasMessageContaining("sizeBytes");
    assertThat(client.volumes()).extracting(ObservedVolume::name).containsExactly("vol-ok");
  }

  @Test
  void aBatchObservesTheHostOncePerRoundHoweverManyVolumesItHolds() throws Exception {
    host.reads.set(0);
    client.putAll(names("small", 2).stream().map(NodeApiBatchTest::thin).toList());
    int readsForTwo = host.reads.get();
    host.reads.set(0);
    client.putAll(names("large", 20).stream().map(NodeApiBatchTest::thin).toList());

    assertThat(host.reads.get()).isEqualTo(readsForTwo);
    assertThat(client.volumes()).hasSize(22);
  }

  @Test
  void namedVolumesComeFromOneObservationAndUnknownOnesAreLeftOut() throws Exception {
    client.putAll(names("vol", 5).stream().map(NodeApiBatchTest::thin).toList());
    host.reads.set(0);

    List<ObservedVolume> seen = client.volumes(List.of("vol-3", "vol-gone", "vol-1"));
    int readsForOneQuery = host.reads.get();
    host.reads.set(0);

    assertThat(seen).extracting(ObservedVolume::name).containsExactly("vol-3", "vol-1");
    assertThat(seen.get(0)).isEqualTo(client.volume("vol-3").orElseThrow());
    assertThat(readsForOneQuery).as("three names, one observation").isEqualTo(host.reads.get());
  }

  @Test
  void duplicateNamesEmptyOrOversizeBatchesAndBadQueriesAreRefusedAndRunNothing() {
    int changes = host.changes.get();
    assertRefused(() -> client.putAll(List.of(thin("vol-a"), thin("vol-a"))));
    assertRefused(
        () ->
            client.putAll(
                names("vol", NodeApiValidation.MAX_BATCH + 1).stream()
                    .map(NodeApiBatchTest::thin)
                    .toList()));
    assertRefused(() -> client.volumes(names("vol", NodeApiValidation.MAX_BATCH + 1)));
    assertThat(host.changes.get()).isEqualTo(changes);
    assertThatThrownBy(() -> client.volumes(List.of("vol;reboot")))
        .as("refused before it is sent")
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(NodeRejectedException.class)
        .satisfies(
            e ->
                assertThat(((NodeRejectedException) e).error().code())
                    .isEqualTo(ErrorCode.INVALID_REQUEST));
  }

  private static List<String> names(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
  }

  private static DesiredVolume thin(String name) {
    return new DesiredVolume(name, GIB, Provisioning.THIN, null, List.of());
  }
}

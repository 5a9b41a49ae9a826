package io.ovt.ebs.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.daemon.NodeDaemon;
import io.ovt.ebs.daemon.image.ImageServer;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.DiskImageFormat;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.NodeApiClient;
import io.ovt.ebs.nodeapi.NodeRejectedException;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.SnapshotRequest;
import io.ovt.ebs.nodeapi.UploadPhase;
import io.ovt.ebs.nodeapi.UploadRequest;
import io.ovt.ebs.nodeapi.UploadState;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upload jobs over the node API's real HTTP, on a simulated host, to a loopback image server. */
class NodeApiUploadTest {
  private static final String TOKEN = "s3cret-token-0123456789";
  private static final long GIB = 1L << 30;

  private NodeDaemon daemon;
  private NodeApiClient client;
  private ImageServer images;

  @BeforeEach
  void start() throws Exception {
    daemon = TestDaemons.start(TestDaemons.host(100 * GIB, 50 * GIB), TOKEN);
    client =
        new NodeApiClient(
            URI.create("http://127.0.0.1:" + daemon.port()),
            () -> TOKEN,
            Duration.ofSeconds(5),
            NodeApiClient.newHttpClient(Duration.ofSeconds(2)));
    images = new ImageServer();
    client.put(new DesiredVolume("vol-a", GIB, Provisioning.THICK, null, List.of()));
    client.createSnapshot("vol-a", new SnapshotRequest("snap-a", null));
  }

  @AfterEach
  void stop() {
    images.close();
    daemon.close();
  }

  @Test
  void anUploadStartsIsWatchedAndIsForgottenOnDelete() throws Exception {
    UploadRequest request =
        new UploadRequest("vol-a", "snap-a", images.url("/vol-a.qcow2"), DiskImageFormat.QCOW2);
    client.startUpload("up-a", request);
    UploadState done =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> client.upload("up-a").orElseThrow(), s -> s.phase() != UploadPhase.RUNNING);
    assertThat(done.phase()).isEqualTo(UploadPhase.DONE);
    assertThat(done.sha256()).isEqualTo(ImageServer.sha256(images.received("/vol-a.qcow2")));
    assertThat(client.startUpload("up-a", request)).as("idempotent").isEqualTo(done);

    client.deleteUpload("up-a");
    assertThat(client.upload("up-a")).isEmpty();
    client.deleteUpload("up-a");
  }

  @Test
  void aBadUrlOrNameIsA400AndAnUnknownJobIsAbsent() throws Exception {
    assertThatThrownBy(
            () ->
                client.startUpload(
                    "up-a", new UploadRequest("vol-a", "snap-a", "ftp://x/y", DiskImageFormat.RAW)))
        .isInstanceOfSatisfying(
            NodeRejectedException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
              assertThat(e.error().message()).contains("url must be");
            });
    assertThatThrownBy(() -> client.upload("Bad Name"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(client.upload("never")).isEmpty();
  }
}

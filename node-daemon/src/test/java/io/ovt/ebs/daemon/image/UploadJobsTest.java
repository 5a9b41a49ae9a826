package io.ovt.ebs.daemon.image;

import static io.ovt.ebs.daemon.converge.TwoHosts.GIB;
import static io.ovt.ebs.daemon.converge.TwoHosts.replicated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.daemon.converge.TwoHosts;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.sim.SimOperation;
import io.ovt.ebs.daemon.snapshot.IoSuspensions;
import io.ovt.ebs.daemon.snapshot.SnapshotService;
import io.ovt.ebs.nodeapi.DiskImageFormat;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.ObservedSnapshot;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.Role;
import io.ovt.ebs.nodeapi.SnapshotRequest;
import io.ovt.ebs.nodeapi.UploadPhase;
import io.ovt.ebs.nodeapi.UploadRequest;
import io.ovt.ebs.nodeapi.UploadState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upload jobs on a simulated host, to a real HTTP server on loopback: a snapshot's data goes out
 * with its size and checksum; what the destination refuses is final, what fails on its side is
 * tried again on the next start; a missing snapshot is refused before anything is sent.
 */
class UploadJobsTest {
  private final TwoHosts hosts = new TwoHosts();
  private final IoSuspensions held = new IoSuspensions(hosts.a.drbd(), hosts.clock);
  private final SnapshotService snapshots =
      new SnapshotService(hosts.a, hosts.layoutA, hosts.onA, held);
  private final UploadJobs jobs = new UploadJobs(hosts.a, hosts.layoutA);
  private final ImageServer server = startServer();
  private ObservedSnapshot snapshot;

  @BeforeEach
  void aWrittenVolumeWithASnapshot() throws StorageException {
    hosts.onB.converge(
        replicated("v1", GIB, Provisioning.THIN, false, Role.SECONDARY, InitialSync.FULL));
    hosts.onA.converge(
        replicated("v1", GIB, Provisioning.THIN, true, Role.PRIMARY, InitialSync.FULL));
    hosts.clock.advance(Duration.ofMinutes(5));
    hosts.onA.converge(
        replicated("v1", GIB, Provisioning.THIN, true, Role.PRIMARY, InitialSync.FULL));
    hosts.a.write("v1", 0, 4096, "before");
    snapshot = snapshots.create("v1", new SnapshotRequest("s1", null));
    hosts.a.write("v1", 0, 4096, "after");
  }

  @AfterEach
  void close() throws InterruptedException {
    jobs.delete("up1");
    held.close();
    server.close();
  }

  @Test
  void theSnapshotsDataIsPutWithItsSizeAndChecksum() throws Exception {
    String url = server.url("/images/v1.raw");
    UploadRequest request = new UploadRequest("v1", "s1", url, DiskImageFormat.RAW);
    jobs.start("up1", request);

    UploadState done = awaitEnd("up1");
    assertThat(done.phase()).isEqualTo(UploadPhase.DONE);
    assertThat(done.percent()).isEqualTo(100.0);
    byte[] body = server.received("/images/v1.raw");
    String text = new String(body, StandardCharsets.UTF_8);
    assertThat(text)
        .as("the snapshot's point in time, cut at its data")
        .contains("before")
        .doesNotContain("after")
        .contains("bytes " + snapshot.dataBytes());
    assertThat(done.bytes()).isEqualTo(body.length);
    assertThat(done.sha256()).isEqualTo(ImageServer.sha256(body));

    assertThat(jobs.start("up1", request)).as("a done job is not run again").isEqualTo(done);
    assertThat(server.hits("/images/v1.raw")).isEqualTo(1);
  }

  @Test
  void aDestinationsRefusalIsFinal() throws Exception {
    String url = server.answer("/images/denied", 403);
    UploadRequest request = new UploadRequest("v1", "s1", url, DiskImageFormat.QCOW2);
    jobs.start("up1", request);

    UploadState refused = awaitEnd("up1");
    assertThat(refused.phase()).isEqualTo(UploadPhase.REFUSED);
    assertThat(refused.error()).contains("HTTP 403");
    assertThat(jobs.start("up1", request).phase()).isEqualTo(UploadPhase.REFUSED);
    assertThat(server.hits("/images/denied")).as("not sent again").isEqualTo(1);
  }

  @Test
  void aServerErrorFailsAndTheNextStartTriesAgain() throws Exception {
    String url = server.answer("/images/later", 503);
    UploadRequest request = new UploadRequest("v1", "s1", url, DiskImageFormat.RAW);
    jobs.start("up1", request);
    UploadState failed = awaitEnd("up1");
    assertThat(failed.phase()).isEqualTo(UploadPhase.FAILED);
    assertThat(failed.error()).contains("HTTP 503");

    server.heal("/images/later");
    jobs.start("up1", request);
    assertThat(awaitEnd("up1").phase()).isEqualTo(UploadPhase.DONE);
    assertThat(server.received("/images/later")).isNotNull();
  }

  @Test
  void aConversionFailureOnTheHostIsWorthRetrying() throws Exception {
    hosts.a.faults().failNext(SimOperation.IMAGE_CONVERT, "qemu-img: Could not open");
    UploadRequest request =
        new UploadRequest("v1", "s1", server.url("/images/x"), DiskImageFormat.RAW);
    jobs.start("up1", request);
    assertThat(awaitEnd("up1").phase()).isEqualTo(UploadPhase.FAILED);
    jobs.start("up1", request);
    assertThat(awaitEnd("up1").phase()).isEqualTo(UploadPhase.DONE);
  }

  @Test
  void aMissingSnapshotOrAnotherVolumesIsRefusedBeforeAnythingIsSent() throws Exception {
    String url = server.url("/images/none");
    UploadState missing =
        jobs.start("up1", new UploadRequest("v1", "s9", url, DiskImageFormat.RAW));
    assertThat(missing.phase()).isEqualTo(UploadPhase.REFUSED);
    assertThat(missing.error()).contains("no snapshot s9");
    jobs.delete("up1");

    UploadState other = jobs.start("up1", new UploadRequest("v2", "s1", url, DiskImageFormat.RAW));
    assertThat(other.phase()).isEqualTo(UploadPhase.REFUSED);
    assertThat(other.error()).contains("not an EBS snapshot of v2");
    assertThat(server.hits("/images/none")).isZero();
  }

  @Test
  void badRequestsAndASecondRequestUnderOneNameAreRefused() throws Exception {
    assertThatThrownBy(
            () ->
                jobs.start(
                    "up1",
                    new UploadRequest("v1", "s1", "file:///etc/passwd", DiskImageFormat.RAW)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("url must be an http or https URL")
        .satisfies(
            e -> assertThat(((StorageException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    assertThatThrownBy(
            () -> jobs.start("up1", new UploadRequest("v1", "../x", server.url("/a"), null)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("snapshot must name")
        .hasMessageContaining("format is required");

    jobs.start("up1", new UploadRequest("v1", "s1", server.url("/a"), DiskImageFormat.RAW));
    assertThatThrownBy(
            () ->
                jobs.start(
                    "up1", new UploadRequest("v1", "s1", server.url("/b"), DiskImageFormat.RAW)))
        .satisfies(e -> assertThat(((StorageException) e).code()).isEqualTo(ErrorCode.CONFLICT));
  }

  @Test
  void deletingAJobForgetsIt() throws Exception {
    jobs.start("up1", new UploadRequest("v1", "s1", server.url("/a"), DiskImageFormat.RAW));
    jobs.delete("up1");
    assertThat(jobs.state("up1")).isEmpty();
  }

  private UploadState awaitEnd(String name) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> jobs.state(name).orElseThrow(), s -> s.phase() != UploadPhase.RUNNING);
  }

  private static ImageServer startServer() {
    try {
      return new ImageServer();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

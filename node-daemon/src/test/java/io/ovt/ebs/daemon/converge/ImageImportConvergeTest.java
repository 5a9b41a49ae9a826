package io.ovt.ebs.daemon.converge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.image.ImageServer;
import io.ovt.ebs.daemon.sim.SimOperation;
import io.ovt.ebs.nodeapi.DesiredImage;
import io.ovt.ebs.nodeapi.DesiredSource;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.DiskImageFormat;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.Role;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Volumes filled from a disk image on simulated hosts, the image served over HTTP on loopback: the
 * primary imports it before DRBD sees the LV and its peer gets it by the full sync; a bad image
 * leaves the volume uninitialised (no DRBD, no export) and is not fetched again; a server's
 * transient failure is retried.
 */
class ImageImportConvergeTest {
  private static final long MIB = 1L << 20;
  private static final long SIZE = 64 * MIB;

  private final TwoHosts hosts = new TwoHosts();
  private final ImageServer server = startServer();
  private final byte[] image = randomBytes(3 << 20);

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void aRawImageFillsTheReplicatedVolumeOnItsPrimaryAndTheFullSyncCarriesItToThePeer()
      throws Exception {
    String url = server.serve("/base.raw", image);
    DesiredSource source = source(url, DiskImageFormat.RAW, ImageServer.sha256(image));
    hosts.onB.converge(replicated(false, null));

    ObservedVolume first = hosts.onA.converge(replicated(true, source));
    assertThat(first.drbd()).as("DRBD waits for the data").isNull();
    assertThat(first.initialization()).isNotNull();
    ObservedVolume primary = awaitInitialized(replicated(true, source));
    assertThat(primary.drbd().role()).isEqualTo(Role.PRIMARY);
    hosts.clock.advance(Duration.ofSeconds(30));

    assertThat(hosts.onB.observe("img").orElseThrow().drbd().disk()).isEqualTo(DiskState.UpToDate);
    String token = "image:" + ImageServer.sha256(image);
    assertThat(hosts.a.read("img")).containsExactly(token);
    assertThat(hosts.b.read("img")).as("the full sync carried the image").containsExactly(token);
    assertThat(hosts.a.lvm().report().lv("img").orElseThrow().tags())
        .containsExactly(HostLayout.DEFAULT_TAG);
    assertThat(server.hits("/base.raw")).isEqualTo(1);
  }

  @Test
  void aWrongChecksumIsRefusedOnceAndTheVolumeStaysUninitialisedWithoutDrbd() throws Exception {
    String url = server.serve("/base.raw", image);
    DesiredVolume volume =
        replicated(true, source(url, DiskImageFormat.RAW, ImageServer.sha256(new byte[] {1})));
    hosts.onA.converge(volume);

    ObservedVolume.Initialization refused = awaitRefused(volume);
    assertThat(refused.error()).contains("sha256").contains("not the expected");
    ObservedVolume again = hosts.onA.converge(volume);
    assertThat(again.drbd()).isNull();
    assertThat(again.exports()).isEmpty();
    assertThat(again.initialization().refused()).isTrue();
    assertThat(hosts.a.read("img")).as("nothing written").isEmpty();
    assertThat(server.hits("/base.raw")).as("a bad image is not fetched again").isEqualTo(1);
    assertThat(hosts.a.lvm().report().lv("img").orElseThrow().tags())
        .contains(HostLayout.DEFAULT_TAG + "-init");

    hosts.onA.remove("img");
    assertThat(hosts.a.lvm().report().lv("img")).isEmpty();
  }

  @Test
  void anImageLargerThanTheVolumeIsCutOffAndRefused() throws Exception {
    byte[] large = randomBytes((int) (SIZE + MIB));
    DesiredVolume volume =
        single(source(server.serve("/large.raw", large), DiskImageFormat.RAW, null));
    hosts.onA.converge(volume);
    assertThat(awaitRefused(volume).error()).contains("larger").contains("ask for a larger volume");
    assertThat(hosts.a.read("img")).isEmpty();
  }

  @Test
  void aFileThatIsNotTheDeclaredFormatOrAMissingImageIsRefused() throws Exception {
    byte[] qcow2 = image.clone();
    System.arraycopy(new byte[] {'Q', 'F', 'I', (byte) 0xfb}, 0, qcow2, 0, 4);
    DesiredVolume declaredRaw =
        single(source(server.serve("/really.qcow2", qcow2), DiskImageFormat.RAW, null));
    hosts.onA.converge(declaredRaw);
    assertThat(awaitRefused(declaredRaw).error()).contains("is a qcow2 file, not raw");
    hosts.onA.remove("img");

    DesiredVolume missing = single(source(server.url("/gone.raw"), DiskImageFormat.RAW, null));
    hosts.onA.converge(missing);
    assertThat(awaitRefused(missing).error()).contains("HTTP 404");
  }

  @Test
  void aServerErrorOrAFailedConversionIsRetriedUntilTheImageIsIn() throws Exception {
    String url = server.answer("/flaky.raw", 503);
    DesiredVolume volume = single(source(url, DiskImageFormat.RAW, ImageServer.sha256(image)));
    hosts.onA.converge(volume);
    await()
        .untilAsserted(
            () ->
                assertThat(hosts.onA.converge(volume).initialization().error())
                    .contains("HTTP 503"));
    assertThat(hosts.onA.observe("img").orElseThrow().initialization().refused()).isFalse();

    server.answer("/flaky.raw", 200);
    server.serve("/flaky.raw", image);
    hosts.a.faults().failNext(SimOperation.IMAGE_CONVERT, "Input/output error");
    ObservedVolume done = awaitInitialized(volume);
    assertThat(done.lv()).isNotNull();
    assertThat(hosts.a.read("img")).containsExactly("image:" + ImageServer.sha256(image));
    assertThat(server.hits("/flaky.raw")).isGreaterThanOrEqualTo(3);
  }

  private ObservedVolume awaitInitialized(DesiredVolume desired) {
    ObservedVolume[] last = new ObservedVolume[1];
    await()
        .untilAsserted(
            () -> {
              last[0] = hosts.onA.converge(desired);
              assertThat(last[0].initialization()).isNull();
            });
    return last[0];
  }

  private ObservedVolume.Initialization awaitRefused(DesiredVolume desired)
      throws StorageException {
    await()
        .untilAsserted(
            () ->
                assertThat(hosts.onA.converge(desired).initialization().refused())
                    .as("refused")
                    .isTrue());
    return hosts.onA.observe(desired.name()).orElseThrow().initialization();
  }

  private static DesiredSource source(String url, DiskImageFormat format, String sha256) {
    return DesiredSource.of(new DesiredImage(url, format, sha256));
  }

  private static DesiredVolume replicated(boolean onA, DesiredSource source) {
    DesiredVolume plain =
        TwoHosts.replicated(
            "img",
            SIZE,
            Provisioning.THIN,
            onA,
            onA ? Role.PRIMARY : Role.SECONDARY,
            InitialSync.FULL);
    return new DesiredVolume(
        plain.name(), plain.sizeBytes(), plain.provisioning(), plain.drbd(), List.of(), source);
  }

  private static DesiredVolume single(DesiredSource source) {
    return new DesiredVolume("img", SIZE, Provisioning.THICK, null, List.of(), source);
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(7).nextBytes(bytes);
    return bytes;
  }

  private static ImageServer startServer() {
    try {
      return new ImageServer();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

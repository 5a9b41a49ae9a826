package io.ovt.ebs.daemon.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovt.ebs.daemon.command.ProcessCommandRunner;
import io.ovt.ebs.daemon.host.ImageTool;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.image.ImageDownload;
import io.ovt.ebs.daemon.image.ImageServer;
import io.ovt.ebs.nodeapi.DiskImageFormat;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads with the real qemu-img of this machine, the snapshot "LV" a plain file holding the
 * volume's data followed by bytes standing for DRBD's metadata: what the server receives, its
 * checksum, and the destination's refusals.
 */
class QemuImageUploadTest {
  private static final int MIB = 1 << 20;

  @TempDir Path dir;
  private ImageServer server;
  private QemuImageImporter tool;
  private final byte[] data = new byte[3 * MIB];

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-img")), "qemu-img (qemu-utils)");
    server = new ImageServer();
    Files.createDirectories(dir.resolve("dev"));
    tool =
        new QemuImageImporter(
            new ProcessCommandRunner(),
            dir.resolve("dev"),
            dir.resolve("scratch"),
            ImageDownload.standard());
    new Random(5).nextBytes(data);
    Arrays.fill(data, MIB, 2 * MIB, (byte) 0);
    byte[] lv = Arrays.copyOf(data, 4 * MIB);
    Arrays.fill(lv, data.length, lv.length, (byte) 0xDD); // "DRBD metadata": not the volume's
    Files.write(dir.resolve("dev/snap"), lv);
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aRawUploadIsExactlyTheVolumesDataWithItsChecksum() throws Exception {
    String url = server.url("/up/disk.raw");
    ImageTool.Uploaded sent =
        tool.upload("snap", data.length, DiskImageFormat.RAW, url, (b, t) -> {});
    assertThat(server.received("/up/disk.raw")).isEqualTo(data);
    assertThat(sent.bytes()).isEqualTo(data.length);
    assertThat(sent.sha256()).isEqualTo(ImageServer.sha256(data));
    assertThat(scratchFiles()).as("the scratch file is removed").isEmpty();
  }

  @Test
  void aQcow2UploadHoldsTheVolumesDataAsItsDisk() throws Exception {
    String url = server.url("/up/disk.qcow2");
    ImageTool.Uploaded sent =
        tool.upload("snap", data.length, DiskImageFormat.QCOW2, url, (b, t) -> {});
    byte[] qcow2 = server.received("/up/disk.qcow2");
    assertThat(Arrays.copyOf(qcow2, 4)).isEqualTo(new byte[] {'Q', 'F', 'I', (byte) 0xfb});
    assertThat(sent.bytes()).isEqualTo(qcow2.length);
    assertThat(sent.sha256()).isEqualTo(ImageServer.sha256(qcow2));
    Path got = dir.resolve("got.qcow2");
    Path back = dir.resolve("back.raw");
    Files.write(got, qcow2);
    run("qemu-img", "convert", "-f", "qcow2", "-O", "raw", got.toString(), back.toString());
    assertThat(Files.readAllBytes(back)).isEqualTo(data);
    assertThat(scratchFiles()).isEmpty();
  }

  @Test
  void aDestinationsClientErrorIsARefusalAndItsServerErrorIsWorthRetrying() throws Exception {
    String forbidden = server.answer("/up/forbidden", 403);
    String broken = server.answer("/up/broken", 503);
    assertThatThrownBy(
            () -> tool.upload("snap", data.length, DiskImageFormat.RAW, forbidden, (b, t) -> {}))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("HTTP 403")
        .satisfies(
            e -> assertThat(((StorageException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    assertThatThrownBy(
            () -> tool.upload("snap", data.length, DiskImageFormat.RAW, broken, (b, t) -> {}))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("HTTP 503")
        .satisfies(
            e -> assertThat(((StorageException) e).code()).isEqualTo(ErrorCode.COMMAND_FAILED));
    assertThat(scratchFiles()).isEmpty();
  }

  @Test
  void aMissingSnapshotFailsInQemuImgAndNothingIsSent() {
    String url = server.url("/up/none");
    assertThatThrownBy(
            () -> tool.upload("gone", data.length, DiskImageFormat.RAW, url, (b, t) -> {}))
        .isInstanceOf(StorageException.class);
    assertThat(server.hits("/up/none")).isZero();
  }

  private String[] scratchFiles() {
    String[] names = dir.resolve("scratch").toFile().list();
    return names == null ? new String[0] : names;
  }

  private static void run(String... argv) throws Exception {
    Process process = new ProcessBuilder(argv).inheritIO().start();
    assertThat(process.waitFor()).as(String.join(" ", argv)).isZero();
  }
}

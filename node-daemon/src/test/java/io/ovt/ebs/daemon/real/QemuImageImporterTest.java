package io.ovt.ebs.daemon.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovt.ebs.daemon.command.ProcessCommandRunner;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.daemon.image.ImageDownload;
import io.ovt.ebs.daemon.image.ImageServer;
import io.ovt.ebs.nodeapi.DesiredImage;
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
 * The real importer with the real qemu-img of this machine, an "LV" being a plain file of the size
 * of one (qemu-img convert -n writes into files as into block devices): what lands in it, and what
 * is refused before anything does.
 */
class QemuImageImporterTest {
  private static final int MIB = 1 << 20;

  @TempDir Path dir;
  private ImageServer server;
  private QemuImageImporter importer;
  private Path lv;
  private final byte[] data = new byte[4 * MIB];

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-img")), "qemu-img (qemu-utils)");
    server = new ImageServer();
    Files.createDirectories(dir.resolve("dev"));
    importer =
        new QemuImageImporter(
            new ProcessCommandRunner(),
            dir.resolve("dev"),
            dir.resolve("scratch"),
            ImageDownload.standard());
    lv = dir.resolve("dev/vol");
    byte[] garbage = new byte[8 * MIB];
    Arrays.fill(garbage, (byte) 0xAA);
    Files.write(lv, garbage);
    new Random(3).nextBytes(data);
    Arrays.fill(data, MIB, 2 * MIB, (byte) 0); // a zero MiB that must still overwrite the garbage
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aQcow2ImageLandsAsItsRawDiskAtTheStartOfTheLv() throws Exception {
    byte[] qcow2 = qcow2Of(data);
    String url = server.serve("/disk.qcow2", qcow2);
    long written =
        importer.importInto(
            "vol",
            new DesiredImage(url, DiskImageFormat.QCOW2, ImageServer.sha256(qcow2)),
            8 * MIB,
            false,
            (bytes, total) -> {});
    assertThat(written).isEqualTo(data.length);
    byte[] after = Files.readAllBytes(lv);
    assertThat(Arrays.copyOf(after, data.length)).isEqualTo(data);
    assertThat(after[data.length])
        .as("the LV after the disk is not the importer's")
        .isEqualTo((byte) 0xAA);
    assertThat(dir.resolve("scratch")).isEmptyDirectory();
  }

  @Test
  void aCorruptQcow2OrOneWithABackingFileIsRefusedBeforeAnythingIsWritten() throws Exception {
    byte[] corrupt = qcow2Of(data);
    // the L1 table offset (header bytes 40-47) pointing far past the file
    Arrays.fill(corrupt, 40, 48, (byte) 0xff);
    assertRefused(server.serve("/corrupt.qcow2", corrupt), DiskImageFormat.QCOW2, "Could not open");

    Path base = dir.resolve("base.qcow2");
    Files.write(base, qcow2Of(data));
    Path backed = dir.resolve("backed.qcow2");
    run(
        "qemu-img",
        "create",
        "-q",
        "-f",
        "qcow2",
        "-b",
        base.toString(),
        "-F",
        "qcow2",
        backed.toString());
    assertRefused(
        server.serve("/backed.qcow2", Files.readAllBytes(backed)),
        DiskImageFormat.QCOW2,
        "backing file");
    assertRefused(server.serve("/disk.raw", data), DiskImageFormat.QCOW2, "is a raw file");
    assertThat(dir.resolve("scratch")).isEmptyDirectory();
  }

  @Test
  void aDiskLargerThanTheRoomIsRefused() throws Exception {
    byte[] qcow2 = qcow2Of(data);
    StorageException refused =
        refusal(server.serve("/disk.qcow2", qcow2), DiskImageFormat.QCOW2, 4 * MIB - 512);
    assertThat(refused.getMessage()).contains("more than the volume's");
  }

  private void assertRefused(String url, DiskImageFormat format, String why) throws Exception {
    assertThat(refusal(url, format, 8 * MIB).getMessage()).contains(why);
    byte[] after = Files.readAllBytes(lv);
    assertThat(after[0]).as("nothing written").isEqualTo((byte) 0xAA);
  }

  private StorageException refusal(String url, DiskImageFormat format, long room) {
    StorageException[] caught = new StorageException[1];
    assertThatThrownBy(
            () ->
                importer.importInto(
                    "vol", new DesiredImage(url, format, null), room, false, (b, t) -> {}))
        .isInstanceOfSatisfying(StorageException.class, e -> caught[0] = e);
    assertThat(caught[0].code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    return caught[0];
  }

  private byte[] qcow2Of(byte[] raw) throws Exception {
    Path in = Files.createTempFile(dir, "raw", ".img");
    Path out = dir.resolve(in.getFileName() + ".qcow2");
    Files.write(in, raw);
    run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", in.toString(), out.toString());
    return Files.readAllBytes(out);
  }

  private static void run(String... argv) throws Exception {
    Process process = new ProcessBuilder(argv).inheritIO().start();
    assertThat(process.waitFor()).as(String.join(" ", argv)).isZero();
  }
}

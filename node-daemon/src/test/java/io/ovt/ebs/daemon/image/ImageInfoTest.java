package io.ovt.ebs.daemon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.nodeapi.DiskImageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ImageInfo on what real qemu-img 7.2 printed (src/test/resources/real-outputs). */
class ImageInfoTest {
  private static final long MIB = 1L << 20;

  @Test
  void aSelfContainedQcow2ThatFitsIsAccepted() {
    ImageInfo info = ImageInfo.parse(saved("qemu-img-info-qcow2.json"));
    assertThat(info.format()).isEqualTo("qcow2");
    assertThat(info.virtualBytes()).isEqualTo(4 * MIB);
    assertThat(info.refusal(DiskImageFormat.QCOW2, 4 * MIB)).isEmpty();
  }

  @Test
  void aDiskLargerThanTheRoomOrAnotherFormatThanDeclaredIsRefused() {
    ImageInfo qcow2 = ImageInfo.parse(saved("qemu-img-info-qcow2.json"));
    assertThat(qcow2.refusal(DiskImageFormat.QCOW2, 4 * MIB - 1))
        .get()
        .asString()
        .contains("more than the volume's");
    assertThat(qcow2.refusal(DiskImageFormat.RAW, 64 * MIB))
        .get()
        .asString()
        .contains("is a qcow2 file, not raw");
    ImageInfo raw = ImageInfo.parse(saved("qemu-img-info-raw.json"));
    assertThat(raw.refusal(DiskImageFormat.RAW, 4 * MIB)).isEmpty();
    assertThat(raw.refusal(DiskImageFormat.QCOW2, 4 * MIB))
        .get()
        .asString()
        .contains("is a raw file, not qcow2");
  }

  @Test
  void anImageThatWouldReadOtherFilesOfTheHostIsRefused() {
    assertThat(
            ImageInfo.parse(saved("qemu-img-info-qcow2-backing.json"))
                .refusal(DiskImageFormat.QCOW2, 64 * MIB))
        .get()
        .asString()
        .contains("backing file (a.qcow2)");
    assertThat(
            ImageInfo.parse(saved("qemu-img-info-qcow2-data-file.json"))
                .refusal(DiskImageFormat.QCOW2, 64 * MIB))
        .get()
        .asString()
        .contains("external file (ext.raw)");
  }

  @Test
  void outputThatIsNotQemuImgsIsAnError() {
    assertThatThrownBy(() -> ImageInfo.parse("qemu-img: Could not open 'x'"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageInfo.parse("{\"filename\": \"x\"}"))
        .hasMessageContaining("virtual-size");
  }

  private static String saved(String file) {
    try (InputStream in = ImageInfoTest.class.getResourceAsStream("/real-outputs/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

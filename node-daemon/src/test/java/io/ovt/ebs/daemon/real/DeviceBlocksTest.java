package io.ovt.ebs.daemon.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovt.ebs.daemon.host.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies and wipes through device nodes, tried on plain files standing in for LVs. */
class DeviceBlocksTest {
  @TempDir Path dev;

  @Test
  void copiesTheLeadingBytesReportsProgressAndLeavesTheRest() throws Exception {
    byte[] source = new byte[3 * DeviceBlocks.CHUNK + 123];
    new Random(7).nextBytes(source);
    Files.write(dev.resolve("src"), source);
    byte[] old = new byte[4 * DeviceBlocks.CHUNK];
    Arrays.fill(old, (byte) 0x5a);
    Files.write(dev.resolve("dst"), old);
    List<Long> progress = new ArrayList<>();

    new DeviceBlocks(dev).copy("src", "dst", source.length, false, progress::add);

    byte[] copied = Files.readAllBytes(dev.resolve("dst"));
    assertThat(Arrays.copyOf(copied, source.length)).isEqualTo(source);
    assertThat(copied[source.length]).as("beyond the data: untouched").isEqualTo((byte) 0x5a);
    assertThat(progress).last().isEqualTo((long) source.length);
  }

  @Test
  void zeroesARangeAndASparseCopyLeavesZeroChunksUnwritten() throws Exception {
    byte[] source = new byte[2 * DeviceBlocks.CHUNK];
    source[DeviceBlocks.CHUNK + 5] = 1;
    Files.write(dev.resolve("src"), source);
    byte[] old = new byte[2 * DeviceBlocks.CHUNK];
    Arrays.fill(old, (byte) 0x5a);
    Files.write(dev.resolve("dst"), old);

    new DeviceBlocks(dev).copy("src", "dst", source.length, true, done -> {});
    byte[] copied = Files.readAllBytes(dev.resolve("dst"));
    assertThat(copied[0]).as("an all-zero chunk is skipped").isEqualTo((byte) 0x5a);
    assertThat(copied[DeviceBlocks.CHUNK + 5]).isEqualTo((byte) 1);

    new DeviceBlocks(dev).zero("dst", 10, DeviceBlocks.CHUNK + 5);
    byte[] wiped = Files.readAllBytes(dev.resolve("dst"));
    assertThat(wiped[9]).isEqualTo((byte) 0x5a);
    assertThat(wiped[10]).isZero();
    assertThat(wiped[DeviceBlocks.CHUNK + 4]).isZero();
    assertThat(wiped[DeviceBlocks.CHUNK + 5]).isEqualTo((byte) 1);
  }

  @Test
  void aSourceShorterThanAskedFails() throws Exception {
    Files.write(dev.resolve("src"), new byte[100]);
    Files.write(dev.resolve("dst"), new byte[1000]);
    assertThatThrownBy(() -> new DeviceBlocks(dev).copy("src", "dst", 1000, false, d -> {}))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("ends before");
  }
}

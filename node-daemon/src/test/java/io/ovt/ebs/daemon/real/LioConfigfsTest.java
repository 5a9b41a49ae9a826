package io.ovt.ebs.daemon.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.daemon.host.TargetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LIO's targets read from a copy of the configfs tree targetcli made in a VM. */
class LioConfigfsTest {
  @TempDir Path dir;

  /** Rebuilds the captured tree (directories, symlinks, udev_path files) under dir/config. */
  private Path rebuild() throws IOException {
    Path target = dir.resolve("config/target");
    for (String line : RealOutputs.read("lio-configfs-tree.txt").split("\n")) {
      String[] parts = line.split(" ", 3);
      if (parts[0].equals("content")) {
        Files.writeString(target.resolve(parts[1]), parts[2] + "\n");
        continue;
      }
      Path path = target.resolve(parts[1]).normalize();
      switch (parts[0]) {
        case "d" -> Files.createDirectories(path);
        case "l" -> Files.createSymbolicLink(path, Path.of(parts[2].strip()));
        case "f" -> Files.createFile(path);
        default -> throw new IllegalStateException(line);
      }
    }
    return target;
  }

  @Test
  void theTargetWithItsBackstoreLunAclsAndPortal() throws IOException {
    LioConfigfs configfs = new LioConfigfs(rebuild());
    assertThat(configfs.targets())
        .containsExactly(
            new TargetSpec(
                "iqn.2010-10.org.openstack:ebs-x",
                "ebs-x",
                "/dev/volumes/ebs-x",
                0,
                List.of(
                    "iqn.1993-08.org.debian:01:ebs-e2e-client", "iqn.1993-08.org.debian:01:other"),
                List.of("10.0.251.21:3260")));
    assertThat(configfs.blockBackstores())
        .containsExactly(new LioConfigfs.BlockStore("ebs-x", "/dev/volumes/ebs-x"));
  }

  @Test
  void noIscsiFolderMeansNoTargets() throws IOException {
    Files.createDirectories(dir.resolve("target/core"));
    assertThat(new LioConfigfs(dir.resolve("target")).targets()).isEmpty();
  }
}

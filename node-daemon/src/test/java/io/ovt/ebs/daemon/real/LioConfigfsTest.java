package io.ovt.ebs.daemon.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.nodeapi.DesiredExport.Chap;
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
    return rebuild("lio-configfs-tree.txt");
  }

  /** Rebuilds a captured tree (directories, symlinks, files with their content). */
  private Path rebuild(String file) throws IOException {
    Path target = dir.resolve("config/target");
    for (String line : RealOutputs.read(file).split("\n")) {
      String[] parts = line.split(" ", 3);
      if (parts[0].equals("content")) {
        Files.createDirectories(target.resolve(parts[1]).getParent());
        Files.writeString(target.resolve(parts[1]), (parts.length > 2 ? parts[2] : "") + "\n");
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
  void aTargetWithChapReportsTheCredentialsOfItsAcls() throws IOException {
    LioConfigfs configfs = new LioConfigfs(rebuild("lio-configfs-chap.txt"));
    assertThat(configfs.targets())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.initiators())
                  .containsExactly("iqn.1993-08.org.debian:01:ebs-e2e-client");
              assertThat(t.chap()).isEqualTo(new Chap("nova-compute", "s3cret-Chap-01"));
              assertThat(t.chapUsername()).isEqualTo("nova-compute");
            });
  }

  @Test
  void clearedChapReadsNullAndIsNoChap() throws IOException {
    assertThat(new LioConfigfs(rebuild("lio-configfs-chap-cleared.txt")).targets())
        .singleElement()
        .satisfies(t -> assertThat(t.chap()).isNull());
  }

  @Test
  void halfSetChapIsUnsettledAndAuthenticationOffWithoutCredentialsIsNone() throws IOException {
    Path target = rebuild("lio-configfs-chap.txt");
    Path tpg =
        target.resolve(
            "iscsi/iqn.2010-10.org.openstack:ebs-00000000-0000-0000-0000-0000000000f5/tpgt_1");
    Path auth = tpg.resolve("acls/iqn.1993-08.org.debian:01:ebs-e2e-client/auth");
    Files.writeString(auth.resolve("password"), "NULL\n");
    assertThat(new LioConfigfs(target).targets().get(0).chap()).isEqualTo(TargetSpec.UNSETTLED);
    Files.writeString(tpg.resolve("attrib/authentication"), "0\n");
    assertThat(new LioConfigfs(target).targets().get(0).chap())
        .as("a user name left behind")
        .isEqualTo(TargetSpec.UNSETTLED);
    Files.writeString(auth.resolve("userid"), "NULL\n");
    assertThat(new LioConfigfs(target).targets().get(0).chap()).isNull();
  }

  @Test
  void noIscsiFolderMeansNoTargets() throws IOException {
    Files.createDirectories(dir.resolve("target/core"));
    assertThat(new LioConfigfs(dir.resolve("target")).targets()).isEmpty();
  }
}

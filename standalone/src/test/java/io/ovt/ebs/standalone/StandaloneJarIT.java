package io.ovt.ebs.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, run as a new user would: the packaged jar from an empty folder. */
class StandaloneJarIT {
  @TempDir Path dir;

  @Test
  void theWalkthroughPrintsTheVolumeReadyOnHci0001ReplicatedToHci0002() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path out = dir.resolve("stdout.txt");
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-jar",
                    System.getProperty("ebs.standaloneJar"),
                    "--exit-after-walkthrough",
                    "--api-port=0",
                    "--sync-speedup=200"))
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("walkthrough finished").isTrue();
    String printed = Files.readString(out);
    assertThat(process.exitValue())
        .as(printed + Files.readString(dir.resolve("stderr.txt")))
        .isZero();
    assertThat(printed)
        .contains("applied volume/replicated")
        .containsPattern("\\| ebs-node-daemon \\| hci-0001@EBS \\| enabled \\| up ")
        .containsPattern("\\| ebs-node-daemon \\| hci-0002@EBS \\| enabled \\| up ")
        .containsPattern("\\| status +\\| available")
        .containsPattern("\\| primary +\\| hci-0001@EBS")
        .containsPattern("\\| secondary +\\| hci-0002@EBS")
        .containsPattern("\\| replication_status +\\| enabled")
        .containsPattern("\\| drbd_minor +\\| 1000")
        .containsPattern("\\| drbd_port +\\| 7001")
        .containsPattern("\\| replica hci-0002@EBS +\\| Secondary / UpToDate / Connected");
    assertThat(dir.resolve(".cache/ebs-local/kubeconfig")).exists();
  }
}

package io.ovt.ebs.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ovt.ebs.daemon.config.DaemonConfig;
import io.ovt.ebs.nodeapi.HostType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The image definitions (images/*) and the systemd packaging, as far as they can be checked without
 * a container engine here: every file an image copies is what this build makes, and runs the right
 * program.
 */
class ImageDefinitionTest {
  @ParameterizedTest
  @CsvSource({
    "images/operator/Containerfile, io.ovt.ebs.operator.OperatorMain",
    "images/node-daemon/Containerfile, io.ovt.ebs.daemon.config.NodeDaemonMain",
    "images/cinder-sync/Containerfile, io.ovt.ebs.cindersync.app.CinderSyncMain"
  })
  void everyCopiedFileIsBuiltAndTheJarRunsItsMain(String containerfile, String main)
      throws Exception {
    List<String> copies =
        Files.readAllLines(Helm.REPO.resolve(containerfile)).stream()
            .filter(l -> l.startsWith("COPY "))
            .toList();
    assertThat(copies).isNotEmpty();
    for (String copy : copies) {
      String[] parts = copy.split("\\s+");
      Path source = Helm.REPO.resolve(parts[1]);
      assertThat(source).as(copy + " (run mvn package first)").isRegularFile();
      if (source.toString().endsWith(".jar")) {
        try (JarFile jar = new JarFile(source.toFile())) {
          assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(main);
          String mainClass = main.replace('.', '/') + ".class";
          assertThat(jar.getEntry(mainClass)).as(mainClass + " in " + source).isNotNull();
        }
      }
    }
  }

  @Test
  void theNodeDaemonImageHasTheToolsTheDaemonRuns() throws Exception {
    String file = Files.readString(Helm.REPO.resolve("images/node-daemon/Containerfile"));
    assertThat(file).contains("drbd-utils", "lvm2", "targetcli-fb", "qemu-utils", "tgt");
  }

  @Test
  void theSystemdExampleConfigurationIsOneTheDaemonReads() throws Exception {
    DaemonConfig config =
        new ObjectMapper(new YAMLFactory())
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .readValue(
                Helm.REPO.resolve("packaging/systemd/node-daemon.yaml").toFile(),
                DaemonConfig.class);
    assertThat(config.backendId()).isEqualTo("hci-0001@EBS");
    assertThat(config.host().type()).isEqualTo(HostType.REAL);
    String unit = Files.readString(Helm.REPO.resolve("packaging/systemd/ebs-node-daemon.service"));
    assertThat(unit).contains("--config /etc/ebs/node-daemon.yaml").contains("StateDirectory=ebs");
    assertThat(config.tokenFile()).isEqualTo(Path.of("/etc/ebs/node-token"));
    assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/ebs"));
    assertThat(config.tls().certFile()).isEqualTo(Path.of("/etc/ebs/tls/tls.crt"));
    assertThat(config.tls().keyFile()).isEqualTo(Path.of("/etc/ebs/tls/tls.key"));
  }
}

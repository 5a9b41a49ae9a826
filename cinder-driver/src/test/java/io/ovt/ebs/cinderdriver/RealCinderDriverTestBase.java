package io.ovt.ebs.cinderdriver;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovt.ebs.cindersync.RealCinder;
import io.ovt.ebs.cindersync.client.CinderClient;
import io.ovt.ebs.cindersync.client.Service;
import io.ovt.ebs.cindersync.client.Volume;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every real-Cinder test of the driver starts: the {@link DriverSystem} (embedded API,
 * operator, two simulated hosts) and Debian's Cinder with the driver on it; and the look-ups they
 * share. Cinder's log (the driver logs there) is kept as {@code target/surefire-reports/<test
 * class>.cinder.log}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RealCinderDriverTestBase {
  static final String HOST = CinderWithEbsDriver.HOST; // hci-0001@EBS
  static final String SECONDARY = CinderWithEbsDriver.SECONDARY; // hci-0002@EBS
  static final Duration CINDER_WAIT = Duration.ofSeconds(120);

  DriverSystem system;
  CinderWithEbsDriver withDriver;
  RealCinder cinder;
  CinderClient client;

  /** Further {@code [EBS]} options of the class's Cinder. */
  Map<String, String> options() {
    return Map.of();
  }

  @BeforeAll
  void start(@TempDir Path home) throws Exception {
    system = DriverSystem.start(home);
    withDriver = system.startCinder(home.resolve("cinder"), options());
    cinder = withDriver.cinder();
    client = withDriver.client();
  }

  @AfterAll
  void stop() throws IOException {
    if (withDriver != null) {
      withDriver.close();
      withDriver.keepLog("target/surefire-reports", getClass().getSimpleName() + ".cinder.log");
    }
    if (system != null) {
      system.close();
    }
  }

  /** Creates a volume of type ebs with the CLI and waits until Cinder shows it available. */
  String create(String name, String... args) throws Exception {
    return createOfType("ebs", name, args);
  }

  String createOfType(String type, String name, String... args) throws Exception {
    return withDriver.create(type, name, args);
  }

  String typeId(String name) throws Exception {
    return client.volumeTypes().stream()
        .filter(t -> t.name().equals(name))
        .map(t -> t.id())
        .findFirst()
        .orElseThrow();
  }

  Volume volume(String id) throws Exception {
    return withDriver.volume(id);
  }

  String snapshotStatus(String id) throws Exception {
    return client.snapshots(null).stream()
        .filter(s -> s.id().equals(id))
        .map(s -> s.status())
        .findFirst()
        .orElse("missing");
  }

  Service service() throws Exception {
    return withDriver.service();
  }

  io.ovt.ebs.crds.volume.Volume ebsVolume(String id) {
    return system.ebsVolume(id);
  }

  io.ovt.ebs.crds.volume.Volume awaitVolumeReady(String id) {
    return system.awaitVolumeReady(id, CINDER_WAIT);
  }

  void awaitGone(String id) {
    await("volume " + id + " gone from Cinder and Kubernetes")
        .atMost(CINDER_WAIT)
        .until(() -> !withDriver.hasVolume(id) && ebsVolume(id) == null);
  }

  JsonNode action(String volumeId, String action, Map<String, Object> body)
      throws IOException, InterruptedException {
    return withDriver.action(volumeId, action, body);
  }

  static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}

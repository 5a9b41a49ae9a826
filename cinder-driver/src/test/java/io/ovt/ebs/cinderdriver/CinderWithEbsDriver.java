package io.ovt.ebs.cinderdriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovt.ebs.cindersync.RealCinder;
import io.ovt.ebs.cindersync.client.CinderClient;
import io.ovt.ebs.cindersync.client.Service;
import io.ovt.ebs.cindersync.client.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Debian's real Cinder with {@code volume_driver = cinder.volume.drivers.ovt.ebs.EBSVolumeDriver}
 * (loaded from cinder-driver's {@code cinder/volume/drivers}) against a Kubernetes API given by its
 * kubeconfig, the volume type {@code ebs} of the seed's README, and what the tests ask of it.
 * Shared by this module's tests (simulated hosts) and e2e's whole-chain test (the VMs).
 */
public final class CinderWithEbsDriver implements AutoCloseable {
  /** The service's backend, {@code hci-0001@EBS}. */
  public static final String HOST = RealCinder.VOLUME_HOST;

  /** Its replication target, {@code hci-0002@EBS}. */
  public static final String SECONDARY = RealCinder.SECONDARY;

  // from this module's folder or a sibling module's (each test runs in its module's folder)
  private static final Path DRIVERS =
      Path.of("").toAbsolutePath().resolveSibling("cinder-driver").resolve("cinder/volume/drivers");

  private final RealCinder cinder;
  private final CinderClient client;
  private final Path state;
  private final Duration wait;

  private CinderWithEbsDriver(RealCinder cinder, Path state, Duration driverTimeout) {
    this.cinder = cinder;
    this.client = cinder.client(100);
    this.state = state;
    // a driver call's timeout and room for Cinder to record its outcome
    this.wait = driverTimeout.plusSeconds(30);
  }

  /** How long this class's waits on Cinder last. */
  public Duration waitLimit() {
    return wait;
  }

  /**
   * Starts Cinder in {@code state} with the driver on {@code kubeconfig}'s API and {@code
   * namespace}; each driver call may take {@code driverTimeout} (its {@code ebs_timeout}), this
   * class's waits on Cinder a little more. {@code options} are further {@code [EBS]} options.
   */
  public static CinderWithEbsDriver start(
      Path state,
      Path kubeconfig,
      String namespace,
      Duration driverTimeout,
      Map<String, String> options)
      throws IOException, InterruptedException {
    Map<String, String> all = new TreeMap<>(options);
    all.put("ebs_kubeconfig", kubeconfig.toString());
    all.put("ebs_namespace", namespace);
    all.put("ebs_timeout", Long.toString(driverTimeout.toSeconds()));
    all.put("ebs_poll_interval", "0.2");
    all.put("backend_id", HOST);
    all.put("replication_mode", "full-sync");
    RealCinder cinder =
        RealCinder.start(
            state,
            new RealCinder.Driver("cinder.volume.drivers.ovt.ebs.EBSVolumeDriver", DRIVERS, all));
    try {
      cinder.openstack(
          "volume",
          "type",
          "create",
          "ebs",
          "--property",
          "volume_backend_name=ebs",
          "--property",
          "replication_enabled=<is> True");
    } catch (IOException | InterruptedException | RuntimeException e) {
      cinder.close();
      throw e;
    }
    return new CinderWithEbsDriver(cinder, state, driverTimeout);
  }

  public RealCinder cinder() {
    return cinder;
  }

  public CinderClient client() {
    return client;
  }

  /** Cinder's log, where the driver logs too. */
  public Path log() {
    return state.resolve("cinder.log");
  }

  /** Runs the real {@code openstack} CLI; returns its output. */
  public String openstack(String... args) throws IOException, InterruptedException {
    return cinder.openstack(args);
  }

  /** Runs the real {@code cinder} CLI; returns its output. */
  public String cinderCli(String... args) throws IOException, InterruptedException {
    return cinder.cinder(args);
  }

  /**
   * Creates a volume of {@code type} with {@code openstack volume create} ({@code args} such as
   * {@code --size 1}) and waits until Cinder shows it available; returns its id.
   */
  public String create(String type, String name, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("volume", "create", "--type", type));
    argv.addAll(List.of(args));
    argv.addAll(List.of(name, "-f", "value", "-c", "id"));
    String id = cinder.openstack(argv.toArray(String[]::new)).strip();
    await("volume " + name + " out of creating")
        .atMost(wait)
        .until(() -> volume(id).status(), st -> !st.equals("creating"));
    assertThat(volume(id).status()).as("volume %s (see %s)", name, log()).isEqualTo("available");
    return id;
  }

  /** The volume as Cinder shows it. */
  public Volume volume(String id) throws Exception {
    return client.volumes(null).stream()
        .filter(v -> v.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Cinder volume " + id));
  }

  public boolean hasVolume(String id) throws Exception {
    return client.volumes(null).stream().anyMatch(v -> v.id().equals(id));
  }

  /** The cinder-volume service of {@link #HOST}. */
  public Service service() throws Exception {
    return client.services().stream()
        .filter(s -> s.binary().equals("cinder-volume") && s.host().equals(HOST))
        .findFirst()
        .orElseThrow();
  }

  /**
   * {@code cinder failover-host HOST --backend_id target} and waits until the service is no longer
   * {@code failing-over}; returns the service then.
   */
  public Service failoverHost(String target) throws Exception {
    cinder.cinder("failover-host", HOST, "--backend_id", target);
    await("failover-host to " + target + " over")
        .atMost(wait)
        .until(this::service, s -> !s.replicationStatus().equals("failing-over"));
    return service();
  }

  /** POSTs a volume action (what Nova calls), e.g. {@code os-initialize_connection}. */
  public JsonNode action(String volumeId, String action, Map<String, Object> body)
      throws IOException, InterruptedException {
    return VolumeActions.post(cinder, volumeId, action, body, wait);
  }

  /** Keeps Cinder's log with the test reports of the module, as {@code name}. */
  public void keepLog(String reportsDir, String name) throws IOException {
    if (Files.exists(log())) {
      Path dir = Path.of(reportsDir);
      Files.createDirectories(dir);
      Files.copy(log(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public void close() {
    cinder.close();
  }
}

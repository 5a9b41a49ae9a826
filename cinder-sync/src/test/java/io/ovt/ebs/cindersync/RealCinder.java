package io.ovt.ebs.cindersync;

import static org.awaitility.Awaitility.await;

import io.ovt.ebs.cindersync.client.CinderAuth;
import io.ovt.ebs.cindersync.client.CinderClient;
import io.ovt.ebs.cindersync.client.KeystonePasswordAuth;
import io.ovt.ebs.cindersync.client.NoAuth;
import io.ovt.ebs.cindersync.client.RetryPolicy;
import io.ovt.ebs.cindersync.client.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Debian's real Cinder (API, scheduler and volume in one process, see src/test/cinder/README.md) on
 * a free port with its own sqlite database, for one test class; noauth, or a {@link RealKeystone}'s
 * tokens.
 */
public final class RealCinder implements AutoCloseable {

  /** The volume service's host as the seed names it: host {@code hci-0001}, backend {@code EBS}. */
  public static final String VOLUME_HOST = "hci-0001@EBS";

  /** The replication target configured as {@code replication_device}. */
  public static final String SECONDARY = "hci-0002@EBS";

  // cinder-sync's test harness, also from the other modules' tests (each runs in its module's
  // folder, a sibling of cinder-sync's)
  private static final Path HARNESS =
      Path.of("").toAbsolutePath().resolveSibling("cinder-sync").resolve("src/test/cinder");
  private static final String PYTHON = "/usr/bin/python3";
  private static final String CINDER_MANAGE = "/usr/bin/cinder-manage";
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);

  private static final String NOAUTH_PROJECT = "c1d0e2a3b4f5a6b7c8d9e0f1a2b3c4d5";

  private final Path state;
  private final int port;
  private final String project;
  private final Process process;
  // how the tests' clients and CLIs authenticate: noauth, or as the Keystone administrator
  private final Supplier<CinderAuth> auth;
  private final List<String> cliAuth; // null for noauth

  private RealCinder(
      Path state,
      int port,
      String project,
      Process process,
      Supplier<CinderAuth> auth,
      List<String> cliAuth) {
    this.state = state;
    this.port = port;
    this.project = project;
    this.process = process;
    this.auth = auth;
    this.cliAuth = cliAuth;
  }

  /** Writes a cinder.conf under {@code state}, syncs the database and starts Cinder with noauth. */
  public static RealCinder start(Path state) throws IOException, InterruptedException {
    return start(state, (RealKeystone) null);
  }

  /**
   * Like {@link #start(Path)}, but with {@code auth_strategy = keystone} against {@code keystone}
   * (if not null): registers Cinder's service user and catalog endpoint there first, and the tests'
   * clients and CLIs log in as its administrator.
   */
  public static RealCinder start(Path state, RealKeystone keystone)
      throws IOException, InterruptedException {
    return start(state, keystone, null);
  }

  /**
   * A volume driver other than the test driver for the {@code [EBS]} backend.
   *
   * @param driverClass the {@code volume_driver}, e.g. {@code
   *     cinder.volume.drivers.ovt.ebs.EBSVolumeDriver}
   * @param driversDir a folder whose packages the launcher adds to {@code cinder.volume.drivers}
   *     (the driver is found there without writing into Cinder's installation), or null
   * @param options further {@code [EBS]} options
   */
  public record Driver(String driverClass, Path driversDir, Map<String, String> options) {}

  /** Like {@link #start(Path)}, with {@code driver} as the {@code [EBS]} backend's driver. */
  public static RealCinder start(Path state, Driver driver)
      throws IOException, InterruptedException {
    return start(state, null, driver);
  }

  private static RealCinder start(Path state, RealKeystone keystone, Driver driver)
      throws IOException, InterruptedException {
    requireInstalled();
    Files.createDirectories(state);
    int port = freePort();
    String conf =
        Files.readString(HARNESS.resolve("cinder.conf.template"))
            .replace("@STATE@", state.toString())
            .replace("@PORT@", Integer.toString(port));
    String project = NOAUTH_PROJECT;
    URI root = URI.create("http://127.0.0.1:" + port);
    Supplier<CinderAuth> auth = () -> new NoAuth(root, NOAUTH_PROJECT);
    List<String> cliAuth = null;
    if (keystone != null) {
      String servicePassword = keystone.registerCinder(root);
      conf = withKeystone(conf, keystone, servicePassword);
      project = keystone.adminProjectId();
      auth =
          () ->
              new KeystonePasswordAuth(
                  HttpClient.newHttpClient(),
                  keystone.adminCredentials(keystone.adminPassword()),
                  Clock.systemUTC(),
                  Duration.ofSeconds(30));
      cliAuth = keystone.cliAuth();
    }
    if (driver != null) {
      conf = withDriver(conf, driver);
    }
    Path confFile = state.resolve("cinder.conf");
    Files.writeString(confFile, conf);
    run(
        state,
        "db-sync",
        List.of(CINDER_MANAGE, "--config-file", confFile.toString(), "db", "sync"));

    ProcessBuilder builder =
        new ProcessBuilder(
                PYTHON,
                HARNESS.resolve("launcher.py").toString(),
                "--config-file",
                confFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(state.resolve("launcher.out").toFile());
    builder.environment().put("PYTHONPATH", HARNESS.toString());
    if (driver != null && driver.driversDir() != null) {
      builder.environment().put("EBS_CINDER_DRIVERS_DIR", driver.driversDir().toString());
    }
    RealCinder cinder = new RealCinder(state, port, project, builder.start(), auth, cliAuth);
    try {
      cinder.awaitVolumeServiceUp();
    } catch (RuntimeException | Error e) {
      cinder.close();
      throw e;
    }
    return cinder;
  }

  private static String withDriver(String conf, Driver driver) {
    String testDriver = "volume_driver = ebs_test_driver.EbsTestDriver\n";
    if (!conf.contains(testDriver)) {
      throw new IllegalStateException("cinder.conf.template no longer says " + testDriver.strip());
    }
    StringBuilder ebs = new StringBuilder("volume_driver = " + driver.driverClass() + "\n");
    driver.options().forEach((k, v) -> ebs.append(k).append(" = ").append(v).append("\n"));
    return conf.replace(testDriver, ebs.toString());
  }

  private static String withKeystone(String conf, RealKeystone keystone, String servicePassword)
      throws IOException {
    String noauth = "auth_strategy = noauth\n";
    if (!conf.contains(noauth)) {
      throw new IllegalStateException("cinder.conf.template no longer says " + noauth.strip());
    }
    String authtoken =
        Files.readString(
                HARNESS.resolveSibling("keystone").resolve("cinder-keystone.conf.template"))
            .replace("@AUTH_URL@", keystone.authUrl().toString())
            .replace("@PASSWORD@", servicePassword);
    return conf.replace(noauth, "auth_strategy = keystone\n") + "\n" + authtoken;
  }

  private static void requireInstalled() {
    List<String> missing = new ArrayList<>();
    for (String file :
        List.of(
            PYTHON,
            CINDER_MANAGE,
            "/usr/lib/python3/dist-packages/cinder/volume/driver.py",
            "/usr/bin/openstack",
            "/usr/bin/cinder")) {
      if (!Files.isExecutable(Path.of(file)) && !Files.isRegularFile(Path.of(file))) {
        missing.add(file);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "Debian's Cinder is not installed (missing "
              + missing
              + "): run `sudo "
              + HARNESS.resolve("install.sh")
              + "` (.ci/run does) and try again");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitVolumeServiceUp() {
    CinderClient probe = client(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, d -> {}));
    await("cinder-volume " + VOLUME_HOST + " up (log: " + state.resolve("cinder.log") + ")")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "the Cinder launcher exited with "
                        + process.exitValue()
                        + ":\n"
                        + tail(state.resolve("launcher.out"))
                        + tail(state.resolve("cinder.log")));
              }
              return probe.services().stream().anyMatch(RealCinder::volumeServiceUp);
            });
  }

  private static boolean volumeServiceUp(Service s) {
    return s.binary().equals("cinder-volume")
        && s.host().equals(VOLUME_HOST)
        && s.state().equals("up");
  }

  /** Cinder's root URL, e.g. {@code http://127.0.0.1:41234}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /**
   * The project the tests' requests use: a hex id with noauth, the administrator's with Keystone.
   */
  public String project() {
    return project;
  }

  /**
   * A client for {@link #project()} (noauth, or logged in to Keystone), quick retries and pages of
   * {@code pageSize}.
   */
  public CinderClient client(int pageSize) {
    return new CinderClient(
        HttpClient.newHttpClient(),
        auth.get(),
        new RetryPolicy(
            3, Duration.ofMillis(200), Duration.ofSeconds(1), d -> Thread.sleep(d.toMillis())),
        Duration.ofSeconds(30),
        CinderClient.DEFAULT_MICROVERSION,
        pageSize);
  }

  private CinderClient client(RetryPolicy retry) {
    return new CinderClient(
        HttpClient.newHttpClient(),
        auth.get(),
        retry,
        Duration.ofSeconds(10),
        CinderClient.DEFAULT_MICROVERSION,
        100);
  }

  /**
   * Runs the real {@code openstack} CLI against this Cinder (with Keystone: password auth, Cinder
   * found in the catalog); returns its standard output.
   */
  public String openstack(String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("/usr/bin/openstack"));
    argv.addAll(
        cliAuth != null
            ? cliAuth
            : List.of(
                "--os-auth-type",
                "admin_token",
                "--os-endpoint",
                baseUrl() + "/v3/" + project,
                "--os-token",
                "admin:" + project));
    argv.addAll(List.of("--os-volume-api-version", CinderClient.DEFAULT_MICROVERSION));
    argv.addAll(List.of(args));
    return run(state, "openstack", argv);
  }

  /** Runs the real {@code cinder} CLI against this Cinder; returns its standard output. */
  public String cinder(String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("/usr/bin/cinder"));
    argv.addAll(
        cliAuth != null
            ? cliAuth
            : List.of(
                "--os-auth-type",
                "noauth",
                "--os-user-id",
                "admin",
                "--os-project-id",
                project,
                "--os-endpoint",
                baseUrl() + "/v3/" + project));
    argv.addAll(List.of("--os-volume-api-version", CinderClient.DEFAULT_MICROVERSION));
    argv.addAll(List.of(args));
    return run(state, "cinder", argv);
  }

  private static String run(Path state, String what, List<String> argv)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(state, what, ".out");
    Path err = Files.createTempFile(state, what, ".err");
    Process p =
        new ProcessBuilder(argv)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    if (!p.waitFor(CLI_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(shown(argv) + " did not finish in " + CLI_TIMEOUT);
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          shown(argv) + " exited " + p.exitValue() + ":\n" + stdout + Files.readString(err));
    }
    return stdout;
  }

  // A failure's message goes to reports and logs: the password it ran with does not.
  private static List<String> shown(List<String> argv) {
    List<String> shown = new ArrayList<>(argv);
    for (int i = 0; i + 1 < shown.size(); i++) {
      if (shown.get(i).equals("--os-password")) {
        shown.set(i + 1, "***");
      }
    }
    return shown;
  }

  private static String tail(Path file) {
    try {
      if (!Files.exists(file)) {
        return "";
      }
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops Cinder and anything it started; SIGTERM first so oslo shuts down cleanly. */
  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : tree) {
      try {
        handle.onExit().get(15, TimeUnit.SECONDS);
      } catch (Exception stillRunning) {
        handle.destroyForcibly();
      }
    }
  }
}

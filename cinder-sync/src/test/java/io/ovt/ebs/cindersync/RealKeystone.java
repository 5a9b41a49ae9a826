package io.ovt.ebs.cindersync;

import static org.awaitility.Awaitility.await;

import io.ovt.ebs.cindersync.client.KeystonePasswordAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real Keystone (v3, fernet tokens, served by uwsgi, see src/test/keystone/README.md) on a
 * free port with its own sqlite database, for one test class.
 */
public final class RealKeystone implements AutoCloseable {

  /** The administrator {@code keystone-manage bootstrap} creates, in project {@link #PROJECT}. */
  public static final String ADMIN = "admin";

  /** The administrator's project. */
  public static final String PROJECT = "admin";

  /** The domain every user and project of the tests lives in. */
  public static final String DOMAIN = "Default";

  /** Cinder's service user, which its auth_token middleware validates tokens as. */
  public static final String CINDER_USER = "cinder";

  /** The project service users live in, as in a packaged OpenStack. */
  public static final String SERVICE_PROJECT = "service";

  private static final Path HARNESS = Path.of("src/test/keystone").toAbsolutePath();
  private static final String KEYSTONE_MANAGE = "/usr/bin/keystone-manage";
  private static final String UWSGI = "/usr/bin/uwsgi";
  private static final String WSGI_APP = "/usr/bin/keystone-wsgi-public";
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);

  private final Path state;
  private final int port;
  private final String adminPassword;
  private final Process process;
  private final HttpClient http = HttpClient.newHttpClient();
  private final KeystoneAdmin admin;

  private RealKeystone(Path state, int port, String adminPassword, Process process) {
    this.state = state;
    this.port = port;
    this.adminPassword = adminPassword;
    this.process = process;
    this.admin = new KeystoneAdmin(http, authUrl(), adminPassword);
  }

  /** Writes a keystone.conf under {@code state}, bootstraps the database and starts Keystone. */
  public static RealKeystone start(Path state) throws IOException, InterruptedException {
    requireInstalled();
    Files.createDirectories(state);
    int port = freePort();
    String password = "pw-" + UUID.randomUUID();
    Path conf = state.resolve("keystone.conf");
    Files.writeString(
        conf,
        Files.readString(HARNESS.resolve("keystone.conf.template"))
            .replace("@STATE@", state.toString()));
    List<String> manage = List.of(KEYSTONE_MANAGE, "--config-file", conf.toString());
    run(state, "db_sync", concat(manage, "db_sync"));
    // The journal mode is stored in the database file, so setting it once here is enough.
    run(
        state,
        "wal",
        List.of(
            "/usr/bin/sqlite3",
            state.resolve("keystone.sqlite").toString(),
            "PRAGMA journal_mode=WAL;"));
    // As root keystone-manage insists on an owner for the key files: whoever runs the tests.
    String user = Files.getOwner(state).getName();
    String group = ((GroupPrincipal) Files.getAttribute(state, "posix:group")).getName();
    for (String setup : List.of("fernet_setup", "credential_setup")) {
      run(state, setup, concat(manage, setup, "--keystone-user", user, "--keystone-group", group));
    }
    String url = "http://127.0.0.1:" + port + "/v3";
    run(
        state,
        "bootstrap",
        concat(
            manage,
            "bootstrap",
            "--bootstrap-username",
            ADMIN,
            "--bootstrap-password",
            password,
            "--bootstrap-project-name",
            PROJECT,
            "--bootstrap-role-name",
            "admin",
            "--bootstrap-service-name",
            "keystone",
            "--bootstrap-region-id",
            "RegionOne",
            "--bootstrap-public-url",
            url,
            "--bootstrap-internal-url",
            url,
            "--bootstrap-admin-url",
            url));

    // setsid makes uwsgi the leader of its own process group, so close() can signal the group.
    // One process with one thread: sqlite does not take concurrent writers. Connection: close
    // because uwsgi's http-socket resets connections a client keeps open for the next request.
    ProcessBuilder builder =
        new ProcessBuilder(
                "/usr/bin/setsid",
                UWSGI,
                "--plugins",
                "python3",
                "--http-socket",
                "127.0.0.1:" + port,
                "--wsgi-file",
                WSGI_APP,
                "--processes",
                "1",
                "--threads",
                "1",
                "--need-app",
                "--die-on-term",
                "--add-header",
                "Connection: close")
            .directory(state.toFile())
            .redirectErrorStream(true)
            .redirectOutput(state.resolve("uwsgi.out").toFile());
    builder.environment().put("OS_KEYSTONE_CONFIG_FILES", conf.toString());
    RealKeystone keystone = new RealKeystone(state, port, password, builder.start());
    try {
      keystone.awaitAnswering();
    } catch (RuntimeException | Error e) {
      keystone.close();
      throw e;
    }
    return keystone;
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  private static void requireInstalled() {
    for (String file : List.of(KEYSTONE_MANAGE, UWSGI, WSGI_APP, "/usr/bin/setsid")) {
      if (!Files.isExecutable(Path.of(file))) {
        throw new IllegalStateException(
            "Debian's Keystone is not installed (missing "
                + file
                + "): run `sudo "
                + Path.of("src/test/cinder/install.sh").toAbsolutePath()
                + "` and try again");
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitAnswering() {
    await("Keystone answering on " + authUrl() + " (log: " + state.resolve("keystone.log") + ")")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "uwsgi exited with " + process.exitValue() + ":\n" + tail("uwsgi.out"));
              }
              HttpRequest get =
                  HttpRequest.newBuilder(authUrl()).timeout(Duration.ofSeconds(5)).build();
              return http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            });
  }

  /** The identity v3 URL, e.g. {@code http://127.0.0.1:41234/v3}. */
  public URI authUrl() {
    return URI.create("http://127.0.0.1:" + port + "/v3");
  }

  /** The administrator's password, new for every start. */
  public String adminPassword() {
    return adminPassword;
  }

  /** How cinder-sync logs in as the administrator, the Cinder endpoint from the catalog. */
  public KeystonePasswordAuth.Credentials adminCredentials(String password) {
    return new KeystonePasswordAuth.Credentials(
        authUrl(), ADMIN, DOMAIN, password, PROJECT, DOMAIN, "public", null);
  }

  /** The same options for the real {@code openstack} and {@code cinder} CLIs (password auth). */
  public List<String> cliAuth() {
    return List.of(
        "--os-auth-type",
        "password",
        "--os-auth-url",
        authUrl().toString(),
        "--os-identity-api-version",
        "3",
        "--os-username",
        ADMIN,
        "--os-password",
        adminPassword,
        "--os-project-name",
        PROJECT,
        "--os-user-domain-name",
        DOMAIN,
        "--os-project-domain-name",
        DOMAIN,
        "--os-interface",
        "public");
  }

  /** The id of the administrator's project, which Cinder's URLs carry. */
  public String adminProjectId() throws IOException, InterruptedException {
    return admin.adminProjectId();
  }

  /** See {@link KeystoneAdmin#registerCinder}; returns the service user's password. */
  public String registerCinder(URI cinderRoot) throws IOException, InterruptedException {
    return admin.registerCinder(cinderRoot);
  }

  /** Revokes {@code token} as the administrator ({@code DELETE /v3/auth/tokens}). */
  public void revoke(String token) throws IOException, InterruptedException {
    admin.revoke(token);
  }

  private static void run(Path state, String what, List<String> argv)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(state, what, ".out");
    Process p =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    if (!p.waitFor(CLI_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(
          argv.get(0) + " " + what + " did not finish in " + CLI_TIMEOUT);
    }
    if (p.exitValue() != 0) {
      // not argv itself: bootstrap's carries the admin password
      throw new IllegalStateException(
          what
              + " exited "
              + p.exitValue()
              + ":\n"
              + Files.readString(out, StandardCharsets.UTF_8));
    }
  }

  private String tail(String file) {
    try {
      Path path = state.resolve(file);
      if (!Files.exists(path)) {
        return "";
      }
      List<String> lines = Files.readAllLines(path);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops uwsgi's whole process group: SIGTERM, then SIGKILL if it outlives 15 s. */
  @Override
  public void close() {
    // setsid exec'd uwsgi in place, so the process's pid is its group's id
    String group = "-" + process.pid();
    signal("-TERM", group);
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        signal("-KILL", group);
        process.waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      signal("-KILL", group);
    }
  }

  private static void signal(String signal, String group) {
    try {
      new ProcessBuilder("/bin/kill", signal, "--", group)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.ovt.ebs.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A node daemon running in a storage host VM, reached through its forwarded port. */
public final class NodeDaemonProcess {
  private final Vm vm;
  private final int hostPort;
  private final String config;
  private final String token;
  private final Path log;
  private final String pidFile;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  NodeDaemonProcess(Vm vm, int hostPort, String config, String token, Path log, String pidFile) {
    this.vm = vm;
    this.hostPort = hostPort;
    this.config = config;
    this.token = token;
    this.log = log;
    this.pidFile = pidFile;
  }

  /** The API's base address on the host, e.g. http://127.0.0.1:40123. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + hostPort);
  }

  /** The configuration (YAML) the daemon was started with. */
  public String config() {
    return config;
  }

  /** The bearer token the daemon was started with. */
  public String token() {
    return token;
  }

  /** The daemon's output, on the host side of the share. */
  public Path log() {
    return log;
  }

  /** GET {@code path} (e.g. /v1/node) with the bearer token. */
  public HttpResponse<String> get(String path) throws IOException {
    return get(path, Duration.ofSeconds(30));
  }

  /** GET {@code path} with the bearer token, given up after {@code timeout}. */
  public HttpResponse<String> get(String path, Duration timeout) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(baseUri().resolve(path))
            .header("Authorization", "Bearer " + token)
            .timeout(timeout)
            .GET()
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * Whether the daemon's HTTP server answers at all within {@code timeout}: a GET without the
   * token, which the daemon refuses (401) before touching storage, so the answer is quick and a
   * busy host's slow {@code lvs} cannot pass for a network fault, nor do abandoned probes pile up
   * in its request threads. With the guest's management NIC down QEMU still accepts the connection
   * on the forwarded port, but no answer comes: false.
   */
  public boolean isReachable(Duration timeout) {
    HttpRequest probe =
        HttpRequest.newBuilder(baseUri().resolve("/v1/node")).timeout(timeout).GET().build();
    try {
      return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 401;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits until GET /v1/node answers 200; fails early with the log when the daemon has died. */
  void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<String> response = get("/v1/node");
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      }
      if (!isRunning()) {
        throw new VmException(vm.name() + ": node daemon exited\n" + logText());
      }
      Vm.pause(200);
    }
    throw new VmException(
        vm.name() + ": node daemon not ready in " + timeout + " (" + last + ")\n" + logText());
  }

  /** Whether the daemon's process is alive in the guest. */
  public boolean isRunning() {
    return vm.exec(List.of("start-stop-daemon", "--status", "--pidfile", pidFile)).ok();
  }

  /** Stops the daemon (SIGTERM, then SIGKILL after 10 s). */
  public void stop() {
    vm.exec(
        List.of("start-stop-daemon", "--stop", "--pidfile", pidFile, "--retry", "TERM/10/KILL/5"),
        Duration.ofSeconds(30));
  }

  /** The daemon's output so far. */
  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log at " + log + ": " + e.getMessage() + ")";
    }
  }
}

package io.ovt.ebs.nodeapi;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/** HTTP client of one node daemon (java.net.http; bearer token on every call). */
public final class NodeApiClient implements NodeApi {
  private final URI base;
  private final Supplier<String> token;
  private final Duration timeout;
  private final HttpClient http;
  private final ObjectMapper json = NodeApiJson.newMapper();
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile String abandonedBecause = "";

  /**
   * A client of the daemon at {@code base} (e.g. {@code http://10.0.10.21:7000}).
   *
   * @param token supplies the bearer token on each call, so a rotated token is picked up
   * @param timeout how long one call may take before the node counts as unreachable
   * @param http a shared HTTP client
   */
  public NodeApiClient(URI base, Supplier<String> token, Duration timeout, HttpClient http) {
    this.base = base;
    this.token = token;
    this.timeout = timeout;
    this.http = http;
  }

  /** An HTTP client suited to node API calls over plain HTTP. */
  public static HttpClient newHttpClient(Duration connectTimeout) {
    return newHttpClient(connectTimeout, Optional.empty());
  }

  /** An HTTP client suited to node API calls, trusting daemons as the TLS context says. */
  public static HttpClient newHttpClient(Duration connectTimeout, Optional<SSLContext> tls) {
    HttpClient.Builder builder =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
    tls.ifPresent(builder::sslContext);
    return builder.build();
  }

  @Override
  public NodeInfo node() throws NodeApiException {
    return send(request("/v1/node").GET(), json.constructType(NodeInfo.class));
  }

  @Override
  public List<ObservedVolume> volumes() throws NodeApiException {
    return send(
        request("/v1/volumes").GET(),
        json.getTypeFactory().constructType(new TypeReference<List<ObservedVolume>>() {}));
  }

  @Override
  public Optional<ObservedVolume> volume(String name) throws NodeApiException {
    try {
      return Optional.of(
          send(request(volumePath(name)).GET(), json.constructType(ObservedVolume.class)));
    } catch (NodeRejectedException e) {
      if (e.error().code() == ErrorCode.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public List<ObservedVolume> volumes(Collection<String> names) throws NodeApiException {
    if (names.isEmpty()) {
      return List.of();
    }
    StringBuilder query = new StringBuilder("/v1/volumes");
    char separator = '?';
    for (String name : names) {
      query.append(separator).append("name=").append(checked(name));
      separator = '&';
    }
    return send(
        request(query.toString()).GET(),
        json.getTypeFactory().constructType(new TypeReference<List<ObservedVolume>>() {}));
  }

  @Override
  public List<VolumeResult> putAll(List<DesiredVolume> desired) throws NodeApiException {
    if (desired.isEmpty()) {
      return List.of();
    }
    desired.forEach(d -> checked(d.name()));
    // The daemon converges them one after another: the batch may take as long as its calls would.
    return send(
        put("/v1/volumes", desired).timeout(timeout.multipliedBy(desired.size())),
        json.getTypeFactory().constructType(new TypeReference<List<VolumeResult>>() {}));
  }

  @Override
  public ObservedVolume put(DesiredVolume desired) throws NodeApiException {
    byte[] body;
    try {
      body = json.writeValueAsBytes(desired);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot serialise " + desired.name(), e);
    }
    return send(
        request(volumePath(desired.name()))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)),
        json.constructType(ObservedVolume.class));
  }

  @Override
  public void delete(String name) throws NodeApiException {
    send(request(volumePath(name)).DELETE(), null);
  }

  @Override
  public ObservedVolume dropReplication(String volume) throws NodeApiException {
    return send(
        request(volumePath(volume) + "/drbd").DELETE(), json.constructType(ObservedVolume.class));
  }

  @Override
  public ObservedSnapshot createSnapshot(String volume, SnapshotRequest request)
      throws NodeApiException {
    return send(
        post(volumePath(volume) + "/snapshots", request),
        json.constructType(ObservedSnapshot.class));
  }

  @Override
  public void deleteSnapshot(String volume, String snapshot) throws NodeApiException {
    send(request(volumePath(volume) + "/snapshots/" + checked(snapshot)).DELETE(), null);
  }

  @Override
  public UploadState startUpload(String name, UploadRequest request) throws NodeApiException {
    return send(put(uploadPath(name), request), json.constructType(UploadState.class));
  }

  @Override
  public Optional<UploadState> upload(String name) throws NodeApiException {
    try {
      return Optional.of(
          send(request(uploadPath(name)).GET(), json.constructType(UploadState.class)));
    } catch (NodeRejectedException e) {
      if (e.error().code() == ErrorCode.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void deleteUpload(String name) throws NodeApiException {
    send(request(uploadPath(name)).DELETE(), null);
  }

  @Override
  public IoSuspension suspendIo(String volume, Duration hold) throws NodeApiException {
    return send(
        post(volumePath(volume) + "/io-suspension", new IoSuspension.Request(hold.toMillis())),
        json.constructType(IoSuspension.class));
  }

  @Override
  public boolean resumeIo(String volume, String suspensionId) throws NodeApiException {
    IoSuspension.Release release =
        send(
            request(volumePath(volume) + "/io-suspension/" + checked(suspensionId)).DELETE(),
            json.constructType(IoSuspension.Release.class));
    return release.heldThroughout();
  }

  @Override
  public Lease renewLease(Duration duration) throws NodeApiException {
    return renewLease(duration, List.of());
  }

  @Override
  public Lease renewLease(Duration duration, List<PeerLoss> recorded) throws NodeApiException {
    return send(
        put("/v1/lease", new Lease.Request(duration.toMillis(), recorded)),
        json.constructType(Lease.class));
  }

  private HttpRequest.Builder post(String path, Object body) {
    return request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
  }

  private HttpRequest.Builder put(String path, Object body) {
    return request(path)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
  }

  private byte[] bytes(Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot serialise " + body, e);
    }
  }

  private static String checked(String name) {
    if (!NodeApiValidation.isValidVolumeName(name)) {
      throw new IllegalArgumentException("invalid name " + name);
    }
    return name;
  }

  private static String volumePath(String name) {
    if (!NodeApiValidation.isValidVolumeName(name)) {
      throw new IllegalArgumentException("invalid volume name " + name);
    }
    return "/v1/volumes/" + name;
  }

  private static String uploadPath(String name) {
    return "/v1/uploads/" + checked(name);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(timeout)
        .header("Authorization", "Bearer " + token.get())
        .header("Accept", "application/json");
  }

  /**
   * Gives up on every call now waiting for an answer: each fails as unreachable with {@code why}.
   * For a node known to be cut off, whose calls would otherwise wait out their whole timeout.
   */
  public void abandonCalls(String why) {
    abandonedBecause = why;
    inFlight.forEach(call -> call.cancel(true));
  }

  private <T> T send(HttpRequest.Builder request, JavaType type) throws NodeApiException {
    HttpResponse<byte[]> response;
    HttpRequest built = request.build();
    // Async only to be cancellable: cancelling aborts the exchange and frees the caller.
    CompletableFuture<HttpResponse<byte[]>> call =
        http.sendAsync(built, HttpResponse.BodyHandlers.ofByteArray());
    inFlight.add(call);
    try {
      response = call.get();
    } catch (CancellationException e) {
      throw abandoned(built, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CancellationException) {
        throw abandoned(built, cause); // how the JDK's client reports its cancelled exchange
      }
      // A refused certificate is for a person to fix: say why, as the TLS layer put it.
      String detail = cause instanceof SSLException ? ": " + cause.getMessage() : "";
      throw new NodeUnreachableException(
          built.method() + " " + built.uri() + ": " + cause.getClass().getSimpleName() + detail,
          cause);
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new NodeUnreachableException("interrupted calling " + built.uri(), e);
    } finally {
      inFlight.remove(call);
    }
    try {
      if (response.statusCode() / 100 != 2) {
        throw new NodeRejectedException(errorOf(response));
      }
      return type == null ? null : json.readValue(response.body(), type);
    } catch (IOException e) {
      throw new NodeRejectedException(
          ApiError.of(ErrorCode.INTERNAL, "unreadable answer from " + built.uri() + ": " + e));
    }
  }

  private NodeUnreachableException abandoned(HttpRequest request, Throwable cause) {
    return new NodeUnreachableException(
        request.method() + " " + request.uri() + ": abandoned, " + abandonedBecause, cause);
  }

  private ApiError errorOf(HttpResponse<byte[]> response) {
    try {
      ApiError error = json.readValue(response.body(), ApiError.class);
      if (error.code() != null) {
        return error;
      }
    } catch (IOException e) {
      // not an API error body: fall through and describe the status
    }
    return ApiError.of(
        response.statusCode() == 401 ? ErrorCode.UNAUTHORIZED : ErrorCode.INTERNAL,
        "HTTP " + response.statusCode() + " from " + response.uri());
  }
}

package io.ovt.ebs.daemon.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.ovt.ebs.daemon.NodeService;
import io.ovt.ebs.daemon.converge.Converger;
import io.ovt.ebs.daemon.fencing.FencingLease;
import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ApiError;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.ErrorCode;
import io.ovt.ebs.nodeapi.IoSuspension;
import io.ovt.ebs.nodeapi.Lease;
import io.ovt.ebs.nodeapi.NodeApiValidation;
import io.ovt.ebs.nodeapi.PeerLoss;
import io.ovt.ebs.nodeapi.SnapshotRequest;
import io.ovt.ebs.nodeapi.UploadRequest;
import io.ovt.ebs.nodeapi.VolumeResult;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes the node API's requests to the node service and maps failures to typed errors. */
final class NodeApiHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(NodeApiHandler.class);
  private static final String VOLUMES = "/v1/volumes";
  private static final String LEASE = "/v1/lease";
  private static final String UPLOADS = "/v1/uploads/";

  /** Requests that take at least this long are logged. */
  private static final Duration SLOW = Duration.ofMillis(500);

  private final NodeService service;
  private final ObjectMapper json;
  private final JsonResponses responses;
  private final int maxBodyBytes;

  NodeApiHandler(
      NodeService service, ObjectMapper json, JsonResponses responses, int maxBodyBytes) {
    this.service = service;
    this.json = json;
    this.responses = responses;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    // Not try-with-resources: that would close the exchange before the catch blocks answer.
    long start = System.nanoTime();
    try {
      route(exchange);
    } catch (StorageException e) {
      if (e.code() == ErrorCode.INTERNAL || e.code() == ErrorCode.COMMAND_FAILED) {
        LOG.warn(
            "{} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
      }
      responses.error(exchange, new ApiError(e.code(), e.getMessage(), e.command(), e.stderr()));
    } catch (BadRequest e) {
      responses.error(exchange, e.error);
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      responses.error(exchange, ApiError.of(ErrorCode.INTERNAL, "internal error: " + e));
    } finally {
      exchange.close();
      logIfSlow(exchange, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /**
   * A request that took long is logged with its time: slow tools show up before callers time out.
   */
  private static void logIfSlow(HttpExchange exchange, Duration took) {
    if (took.compareTo(SLOW) >= 0) {
      LOG.info(
          "{} {} answered {} after {} ms",
          exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(),
          exchange.getResponseCode(),
          took.toMillis());
    }
  }

  private void route(HttpExchange exchange) throws IOException, StorageException, BadRequest {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/v1/node") && method.equals("GET")) {
      responses.ok(exchange, service.node());
    } else if (path.equals(VOLUMES) && method.equals("GET")) {
      List<String> names = namesOf(exchange.getRequestURI().getRawQuery());
      responses.ok(exchange, names.isEmpty() ? service.volumes() : service.volumes(names));
    } else if (path.equals(VOLUMES) && method.equals("PUT")) {
      responses.ok(exchange, convergeAll(readBatch(exchange)));
    } else if (path.equals(LEASE) && method.equals("PUT")) {
      Lease.Request renewal = leaseRequest(exchange);
      responses.ok(
          exchange,
          service.renewLease(Duration.ofMillis(renewal.durationMillis()), renewal.recorded()));
    } else if (path.startsWith(UPLOADS)) {
      uploadRoute(exchange, method, path.substring(UPLOADS.length()));
    } else if (path.startsWith(VOLUMES + "/")) {
      String[] parts = path.substring(VOLUMES.length() + 1).split("/", -1);
      if (parts.length == 1) {
        volumeRoute(exchange, method, parts[0]);
      } else {
        volumePartRoute(exchange, method, parts);
      }
    } else {
      throw new BadRequest(ErrorCode.NOT_FOUND, "no route " + method + " " + path);
    }
  }

  private void volumeRoute(HttpExchange exchange, String method, String name)
      throws IOException, StorageException, BadRequest {
    if (!NodeApiValidation.isValidVolumeName(name)) {
      throw new BadRequest(ErrorCode.INVALID_REQUEST, "invalid volume name in path");
    }
    switch (method) {
      case "GET" -> {
        Optional<?> volume = service.volume(name);
        if (volume.isEmpty()) {
          throw new BadRequest(ErrorCode.NOT_FOUND, "no volume " + name + " on this node");
        }
        responses.ok(exchange, volume.get());
      }
      case "PUT" -> {
        DesiredVolume desired = readBody(exchange);
        if (!name.equals(desired.name())) {
          throw new BadRequest(ErrorCode.INVALID_REQUEST, "body name does not match the path");
        }
        responses.ok(exchange, service.converge(desired));
      }
      case "DELETE" -> {
        service.remove(name);
        responses.noContent(exchange);
      }
      default ->
          throw new BadRequest(ErrorCode.INVALID_REQUEST, "method " + method + " not allowed");
    }
  }

  /** Upload jobs: {@code /v1/uploads/{name}}. */
  private void uploadRoute(HttpExchange exchange, String method, String name)
      throws IOException, StorageException, BadRequest {
    if (!NodeApiValidation.isValidVolumeName(name)) {
      throw new BadRequest(ErrorCode.INVALID_REQUEST, "invalid upload name in path");
    }
    switch (method) {
      case "GET" ->
          responses.ok(
              exchange,
              service
                  .upload(name)
                  .orElseThrow(
                      () -> new BadRequest(ErrorCode.NOT_FOUND, "no upload " + name + " here")));
      case "PUT" ->
          responses.ok(
              exchange, service.startUpload(name, readBody(exchange, UploadRequest.class)));
      case "DELETE" -> {
        try {
          service.deleteUpload(name);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BadRequest(ErrorCode.INTERNAL, "interrupted while stopping upload " + name);
        }
        responses.noContent(exchange);
      }
      default ->
          throw new BadRequest(ErrorCode.INVALID_REQUEST, "method " + method + " not allowed");
    }
  }

  /**
   * Snapshots, I/O suspensions and the DRBD resource of a volume: {@code
   * /v1/volumes/{name}/{part}[/{id}]}.
   */
  private void volumePartRoute(HttpExchange exchange, String method, String[] parts)
      throws IOException, StorageException, BadRequest {
    for (String part : parts) {
      if (!NodeApiValidation.isValidVolumeName(part)) {
        throw new BadRequest(ErrorCode.INVALID_REQUEST, "invalid name in path");
      }
    }
    String volume = parts[0];
    String route = method + " " + parts[1] + (parts.length == 3 ? "/{id}" : "");
    if (parts.length > 3) {
      route = "";
    }
    switch (route) {
      case "POST snapshots" ->
          responses.ok(
              exchange, service.createSnapshot(volume, readBody(exchange, SnapshotRequest.class)));
      case "DELETE drbd" -> responses.ok(exchange, service.dropReplication(volume));
      case "DELETE snapshots/{id}" -> {
        service.deleteSnapshot(volume, parts[2]);
        responses.noContent(exchange);
      }
      case "POST io-suspension" -> {
        IoSuspension.Request request = readBody(exchange, IoSuspension.Request.class);
        responses.ok(exchange, service.suspendIo(volume, Duration.ofMillis(request.holdMillis())));
      }
      case "DELETE io-suspension/{id}" ->
          responses.ok(exchange, new IoSuspension.Release(service.resumeIo(volume, parts[2])));
      default ->
          throw new BadRequest(
              ErrorCode.NOT_FOUND, "no route " + method + " " + String.join("/", parts));
    }
  }

  /**
   * The {@code name=} values of a volume query, each a valid volume name, at most a batch; empty
   * for no query (every volume).
   */
  private static List<String> namesOf(String query) throws BadRequest {
    if (query == null || query.isEmpty()) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (String pair : query.split("&", -1)) {
      if (!pair.startsWith("name=") || !NodeApiValidation.isValidVolumeName(pair.substring(5))) {
        throw new BadRequest(
            ErrorCode.INVALID_REQUEST, "the only query is name=<volume name>, repeated");
      }
      names.add(pair.substring(5));
    }
    if (names.size() > NodeApiValidation.MAX_BATCH) {
      throw new BadRequest(
          ErrorCode.INVALID_REQUEST, "at most " + NodeApiValidation.MAX_BATCH + " names a query");
    }
    return names;
  }

  private List<VolumeResult> convergeAll(List<DesiredVolume> batch) throws StorageException {
    List<VolumeResult> results = new ArrayList<>();
    for (Converger.Converged done : service.convergeAll(batch)) {
      StorageException e = done.error();
      if (e != null && (e.code() == ErrorCode.INTERNAL || e.code() == ErrorCode.COMMAND_FAILED)) {
        LOG.warn("PUT {} in a batch: {}", done.name(), e.getMessage());
      }
      results.add(
          e == null
              ? VolumeResult.of(done.observed())
              : VolumeResult.refused(
                  done.name(), new ApiError(e.code(), e.getMessage(), e.command(), e.stderr())));
    }
    return results;
  }

  /** A batch of desired volumes: a JSON array of 1 to {@link NodeApiValidation#MAX_BATCH}. */
  private List<DesiredVolume> readBatch(HttpExchange exchange) throws IOException, BadRequest {
    DesiredVolume[] batch = readBody(exchange, DesiredVolume[].class);
    if (batch.length == 0 || batch.length > NodeApiValidation.MAX_BATCH) {
      throw new BadRequest(
          ErrorCode.INVALID_REQUEST,
          "a batch holds 1 to " + NodeApiValidation.MAX_BATCH + " volumes, got " + batch.length);
    }
    for (DesiredVolume d : batch) {
      if (d == null) {
        throw new BadRequest(ErrorCode.INVALID_REQUEST, "a batch entry is null");
      }
    }
    return List.of(batch);
  }

  /**
   * The lease asked for, refused unless it is 1 s to 10 min, and the peer losses it acknowledges,
   * refused unless each names a valid volume (the name becomes a file name).
   */
  private Lease.Request leaseRequest(HttpExchange exchange) throws IOException, BadRequest {
    Lease.Request request = readBody(exchange, Lease.Request.class);
    for (PeerLoss loss : request.recorded()) {
      if (loss == null || !NodeApiValidation.isValidVolumeName(loss.volume())) {
        throw new BadRequest(
            ErrorCode.INVALID_REQUEST, "recorded: every peer loss needs a valid volume name");
      }
    }
    long millis = request.durationMillis();
    if (millis < FencingLease.MIN.toMillis() || millis > FencingLease.MAX.toMillis()) {
      throw new BadRequest(
          ErrorCode.INVALID_REQUEST,
          "durationMillis must be between "
              + FencingLease.MIN.toMillis()
              + " and "
              + FencingLease.MAX.toMillis());
    }
    return request;
  }

  private DesiredVolume readBody(HttpExchange exchange) throws IOException, BadRequest {
    return readBody(exchange, DesiredVolume.class);
  }

  private <T> T readBody(HttpExchange exchange, Class<T> type) throws IOException, BadRequest {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(maxBodyBytes + 1);
    }
    if (body.length > maxBodyBytes) {
      throw new BadRequest(
          ErrorCode.PAYLOAD_TOO_LARGE, "body larger than " + maxBodyBytes + " bytes");
    }
    try {
      T desired = json.readValue(body, type);
      if (desired == null) {
        throw new BadRequest(ErrorCode.INVALID_REQUEST, "empty body");
      }
      return desired;
    } catch (JsonProcessingException e) {
      throw new BadRequest(ErrorCode.INVALID_REQUEST, "malformed JSON: " + e.getOriginalMessage());
    }
  }

  /** A request refused before reaching the service. */
  private static final class BadRequest extends Exception {
    private final transient ApiError error;

    BadRequest(ErrorCode code, String message) {
      super(message);
      this.error = ApiError.of(code, message);
    }
  }
}

package io.ovt.ebs.cindersync.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cinder v3 calls cinder-sync needs: volumes, snapshots, types, services and the admin actions
 * for service failover state. Every request carries the microversion header; lists cover all
 * projects and page with limit and marker. A 401 makes the client log in again once and resend; a
 * second 401 is thrown.
 */
public final class CinderClient {

  /**
   * 3.60 is the first microversion that filters on {@code updated_at=gt:} (Cinder has no {@code
   * changes-since}); Debian 12's Cinder goes up to 3.70.
   */
  public static final String DEFAULT_MICROVERSION = "3.60";

  private static final Logger LOG = LoggerFactory.getLogger(CinderClient.class);

  private final HttpClient http;
  private final CinderAuth auth;
  private final RetryPolicy retry;
  private final Duration timeout;
  private final String microversion;
  private final int pageSize;
  private final ObjectMapper json = CinderJson.mapper();

  /**
   * A client sending {@code OpenStack-API-Version: volume <microversion>} and paging by {@code
   * pageSize}.
   */
  public CinderClient(
      HttpClient http,
      CinderAuth auth,
      RetryPolicy retry,
      Duration timeout,
      String microversion,
      int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive, got " + pageSize);
    }
    this.http = http;
    this.auth = auth;
    this.retry = retry;
    this.timeout = timeout;
    this.microversion = microversion;
    this.pageSize = pageSize;
  }

  /**
   * Every volume of every project, or only those changed after {@code changedAfter} if not null.
   */
  public List<Volume> volumes(Instant changedAfter) throws IOException, InterruptedException {
    List<Volume> all = new ArrayList<>();
    String marker = null;
    do {
      Page<Volume> page = volumePage(pageSize, marker, changedAfter);
      all.addAll(page.items());
      marker = page.nextMarker();
    } while (marker != null);
    return all;
  }

  /** One page of volumes in creation order, after {@code marker} (null for the first page). */
  public Page<Volume> volumePage(int limit, String marker, Instant changedAfter)
      throws IOException, InterruptedException {
    return page("/volumes/detail", "volumes", Volume.class, limit, marker, changedAfter);
  }

  /** Every snapshot of every project, or only those changed after {@code changedAfter}. */
  public List<Snapshot> snapshots(Instant changedAfter) throws IOException, InterruptedException {
    List<Snapshot> all = new ArrayList<>();
    String marker = null;
    do {
      Page<Snapshot> page = snapshotPage(pageSize, marker, changedAfter);
      all.addAll(page.items());
      marker = page.nextMarker();
    } while (marker != null);
    return all;
  }

  /** One page of snapshots in creation order, after {@code marker} (null for the first page). */
  public Page<Snapshot> snapshotPage(int limit, String marker, Instant changedAfter)
      throws IOException, InterruptedException {
    return page("/snapshots/detail", "snapshots", Snapshot.class, limit, marker, changedAfter);
  }

  /** Every volume type, public or not, with its extra specs. */
  public List<VolumeType> volumeTypes() throws IOException, InterruptedException {
    // is_public=None is Cinder's spelling of "both"; without it an admin sees public types only.
    JsonNode body = send("GET", "/types", Map.of("is_public", "None"), null);
    List<VolumeType> types = new ArrayList<>();
    for (JsonNode node : body.path("volume_types")) {
      VolumeType type = json.treeToValue(node, VolumeType.class);
      if (!node.has("extra_specs")) {
        // the list leaves the specs out when policy hides them from the list but not the type
        JsonNode specs = send("GET", "/types/" + type.id() + "/extra_specs", Map.of(), null);
        Map<String, String> extra =
            json.convertValue(
                specs.path("extra_specs"),
                json.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        type = new VolumeType(type.id(), type.name(), type.isPublic(), extra);
      }
      types.add(type);
    }
    return types;
  }

  /** {@code GET /os-services}: every Cinder service with its replication and freeze state. */
  public List<Service> services() throws IOException, InterruptedException {
    JsonNode body = send("GET", "/os-services", Map.of(), null);
    return readList(body.path("services"), Service.class);
  }

  /** {@code os-reset_status}: sets a volume's status without the driver, as an admin would. */
  public void resetVolumeStatus(String volumeId, String status)
      throws IOException, InterruptedException {
    send(
        "POST",
        "/volumes/" + volumeId + "/action",
        Map.of(),
        Map.of("os-reset_status", Map.of("status", status)));
  }

  /** {@code freeze-host}: the backend's control plane goes read-only. */
  public void freezeHost(String host) throws IOException, InterruptedException {
    send("PUT", "/os-services/freeze", Map.of(), Map.of("host", host));
  }

  /** {@code thaw-host}: undoes {@link #freezeHost}. */
  public void thawHost(String host) throws IOException, InterruptedException {
    send("PUT", "/os-services/thaw", Map.of(), Map.of("host", host));
  }

  /**
   * {@code failover-host}: fails the backend over to {@code backendId}, or back with {@code
   * "default"}. Cinder answers 202 and does the work in the volume service.
   */
  public void failoverHost(String host, String backendId) throws IOException, InterruptedException {
    send(
        "PUT",
        "/os-services/failover_host",
        Map.of(),
        Map.of("host", host, "backend_id", backendId));
  }

  private <T> Page<T> page(
      String path, String field, Class<T> type, int limit, String marker, Instant changedAfter)
      throws IOException, InterruptedException {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("all_tenants", "1");
    // id breaks ties between equal created_at, so a marker never skips or repeats an item
    query.put("sort", "created_at:asc,id:asc");
    query.put("limit", Integer.toString(limit));
    if (marker != null) {
      query.put("marker", marker);
    }
    if (changedAfter != null) {
      query.put("updated_at", "gt:" + CinderJson.CINDER_TIME.format(changedAfter));
    }
    JsonNode body = send("GET", path, query, null);
    List<T> items = readList(body.path(field), type);
    // Cinder gives a "next" link even after the last full page, so a short page is what ends it.
    boolean more = items.size() == limit && hasNextLink(body.path(field + "_links"));
    String next = more ? body.path(field).get(items.size() - 1).path("id").asText() : null;
    return new Page<>(items, next);
  }

  private static boolean hasNextLink(JsonNode links) {
    for (JsonNode link : links) {
      if ("next".equals(link.path("rel").asText())) {
        return true;
      }
    }
    return false;
  }

  private <T> List<T> readList(JsonNode array, Class<T> type) throws IOException {
    JavaType listType = json.getTypeFactory().constructCollectionType(List.class, type);
    List<T> list =
        json.convertValue(array.isMissingNode() ? json.createArrayNode() : array, listType);
    return List.copyOf(list);
  }

  private JsonNode send(String method, String path, Map<String, String> query, Object body)
      throws IOException, InterruptedException {
    String payload = body == null ? null : json.writeValueAsString(body);
    boolean loggedInAgain = false;
    for (int attempt = 1; ; attempt++) {
      CinderAuth.Session session = auth.session();
      URI uri = URI.create(session.endpoint() + path + queryString(query));
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(timeout)
              .header("X-Auth-Token", session.token())
              .header("OpenStack-API-Version", "volume " + microversion)
              .header("Accept", "application/json");
      if (payload != null) {
        request.header("Content-Type", "application/json");
      }
      request.method(
          method,
          payload == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(payload));
      String failure;
      try {
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status < 300) {
          String text = response.body();
          return text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
        }
        CinderApiException refused = CinderApiException.from(method, uri, status, response.body());
        if (status == 401 && !loggedInAgain) {
          // The cached token is no longer accepted (revoked, or Keystone's keys rotated) although
          // it has not expired: log in again, once. Cinder's auth middleware refused the request
          // before anything ran, so any method may be sent again.
          LOG.info("Cinder refused the token for {} {}; logging in again", method, path);
          auth.invalidate();
          loggedInAgain = true;
          continue;
        }
        if (status < 500) {
          LOG.warn("Cinder refused {} {}: {} {}", method, path, status, refused.cinderMessage());
          throw refused;
        }
        if (!retriable(method, status) || attempt >= retry.attempts()) {
          throw refused;
        }
        failure = status + " " + refused.cinderMessage();
      } catch (ConnectException e) {
        // nothing reached Cinder, so any method may be sent again
        if (attempt >= retry.attempts()) {
          throw e;
        }
        failure = "cannot connect: " + e;
      } catch (IOException e) {
        if (e instanceof CinderApiException
            || !method.equals("GET")
            || attempt >= retry.attempts()) {
          throw e;
        }
        failure = e.toString();
      }
      Duration delay = retry.delayAfter(attempt);
      LOG.info(
          "{} {} failed ({}), try {} of {} in {}",
          method,
          path,
          failure,
          attempt + 1,
          retry.attempts(),
          delay);
      retry.sleeper().sleep(delay);
    }
  }

  /**
   * A GET may be repeated after any server error. A change is repeated only after 502, 503 or 504,
   * which a proxy or an overloaded Cinder answers before the action ran; after a 500 the action may
   * have half happened (a second freeze is refused as "already frozen"), so the caller decides.
   */
  static boolean retriable(String method, int status) {
    if (method.equals("GET")) {
      return status >= 500;
    }
    return status == 502 || status == 503 || status == 504;
  }

  private static String queryString(Map<String, String> query) {
    if (query.isEmpty()) {
      return "";
    }
    return query.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&", "?", ""));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

package io.ovt.ebs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.RootPathsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits in front of the mock's CRUD dispatcher so real kubectl works: discovery, server-side tables,
 * authorization stubs, and status writes that carry a query string.
 */
final class EmbeddedDispatcher extends Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDispatcher.class);

  private final KubernetesCrudDispatcher crud;
  private final MockWebServer web;
  private final KubernetesSerialization serialization;
  private final Responses responses;
  private final CrdRegistry crds;
  private final Discovery discovery;
  private final ServerSideTables tables;
  private final AuthorizationStubs authorization;
  private final VersionInfo version;
  private final Map<String, Set<ApiAccess>> accesses = new ConcurrentHashMap<>();

  EmbeddedDispatcher(
      KubernetesCrudDispatcher crud,
      MockWebServer web,
      KubernetesSerialization serialization,
      Clock clock) {
    this.crud = crud;
    this.web = web;
    this.serialization = serialization;
    this.responses = new Responses(serialization);
    this.crds = new CrdRegistry(crud, serialization);
    this.discovery = new Discovery(crds);
    this.tables = new ServerSideTables(clock);
    this.authorization = new AuthorizationStubs(serialization, responses);
    this.version = version();
  }

  /** Claims the minor version kubectl was tested with (no skew warning); says what it is. */
  private static VersionInfo version() {
    return new VersionInfo.Builder()
        .withMajor("1")
        .withMinor("35")
        .withGitVersion("v1.35.0+ebs-embedded")
        .withGitTreeState("clean")
        .withBuildDate(new Date(0))
        .withGoVersion("none: Fabric8 mock server on Java " + System.getProperty("java.version"))
        .withCompiler("javac")
        .withPlatform(System.getProperty("os.name") + "/" + System.getProperty("os.arch"))
        .build();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    forgetRecordedRequest();
    String path = ResourcePath.withoutQuery(request.getPath());
    record(request, path);
    try {
      return withStatusBody(route(request, path), request.method(), path);
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", request.getMethod(), request.getPath(), e);
      return responses.status(500, "InternalError", String.valueOf(e.getMessage()));
    }
  }

  /** The kinds of call each user agent made; a few dozen entries, so kept for the whole run. */
  Set<ApiAccess> accessesBy(String userAgent) {
    Set<ApiAccess> made = accesses.get(userAgent);
    return made == null ? Set.of() : Set.copyOf(made);
  }

  private void record(RecordedRequest request, String path) {
    String agent = request.getHeader("User-Agent");
    if (agent == null) {
      return;
    }
    ApiAccess.of(request.getMethod(), path, request.getPath().substring(path.length()))
        .ifPresent(a -> accesses.computeIfAbsent(agent, k -> ConcurrentHashMap.newKeySet()).add(a));
  }

  /** The mock web server queues every request for test assertions: unbounded in a long run. */
  private void forgetRecordedRequest() {
    try {
      web.takeRequest(0, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private MockResponse route(RecordedRequest request, String path) {
    HttpMethod method = request.method();
    String query = request.getPath().substring(path.length());
    if (method == HttpMethod.GET) {
      Optional<MockResponse> special = get(request, path, query);
      if (special.isPresent()) {
        return special.get();
      }
    }
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.contains("protobuf")) {
      // typed client-go clients (kubectl auth can-i, helm) send protobuf; the mock reads JSON only
      return responses.status(415, "UnsupportedMediaType", "the embedded API reads JSON only");
    }
    if (method == HttpMethod.POST && AuthorizationStubs.handles(path)) {
      return authorization.answer(path, request.getBody().readUtf8());
    }
    if (method != HttpMethod.GET && query.contains("dryRun=")) {
      // the mock would persist a dry-run write; refusing is safer than pretending
      return responses.status(400, "BadRequest", "the embedded API does not support dry run");
    }
    if (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH) {
      // the mock decides "is this a /status write" with path.endsWith("/status"); clients add
      // ?fieldManager=..., so the query goes
      return crud.dispatch(
          new RecordedRequest(
              request.getHttpVersion(), method, path, request.getHeaders(), request.getBody()));
    }
    MockResponse response = crud.dispatch(request);
    return response != null
        ? response
        : responses.status(405, "MethodNotAllowed", method + " is not supported");
  }

  private Optional<MockResponse> get(RecordedRequest request, String path, String query) {
    switch (path) {
      case "/", "" -> {
        return Optional.of(responses.json(200, rootPaths()));
      }
      case "/version" -> {
        return Optional.of(responses.json(200, version));
      }
      case "/healthz", "/livez", "/readyz" -> {
        return Optional.of(Responses.text(200, "ok"));
      }
      default -> {
        // handled below
      }
    }
    if (Discovery.isDiscoveryPath(path)) {
      return Optional.of(
          discovery
              .answer(path)
              .map(d -> responses.json(200, d))
              .orElseGet(() -> responses.status(404, "NotFound", "no such group version")));
    }
    Optional<ResourcePath> resource = ResourcePath.parse(path);
    if (resource.isEmpty()) {
      // the CRUD store would match such a path against every object it holds
      return Optional.of(
          responses.status(404, "NotFound", "the embedded API does not serve " + path));
    }
    if (isWatch(query) && !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      return Optional.of(
          responses.status(
              400, "BadRequest", "the embedded API serves watches over WebSocket only"));
    }
    if (ServerSideTables.wantsTable(request.getHeader("Accept")) && !isWatch(query)) {
      return Optional.of(table(request, resource.get()));
    }
    return Optional.empty();
  }

  private MockResponse table(RecordedRequest request, ResourcePath resource) {
    MockResponse stored = crud.dispatch(request);
    if (stored.code() != HttpURLConnection.HTTP_OK) {
      return stored;
    }
    JsonNode body = serialization.unmarshal(stored.getBody().readUtf8(), JsonNode.class);
    List<CustomResourceColumnDefinition> columns = null;
    if (resource.subresource() == null) {
      columns =
          crds.find(resource.group(), resource.version(), resource.plural())
              .map(s -> s.version().getAdditionalPrinterColumns())
              .filter(c -> !c.isEmpty())
              .orElse(null);
    }
    return responses.json(200, tables.render(body, columns));
  }

  /** The mock answers some errors (404 above all) with an empty body; kubectl wants a Status. */
  private MockResponse withStatusBody(MockResponse response, HttpMethod method, String path) {
    if (response.code() < 400 || (response.getBody() != null && response.getBody().size() > 0)) {
      return response;
    }
    Optional<ResourcePath> resource = ResourcePath.parse(path);
    if (response.code() == HttpURLConnection.HTTP_NOT_FOUND && resource.isPresent()) {
      ResourcePath r = resource.get();
      String what =
          r.name() == null
              ? r.qualifiedResource()
              : r.qualifiedResource() + " \"" + r.name() + "\"";
      return responses.status(404, "NotFound", what + " not found");
    }
    return responses.status(response.code(), "Unknown", method + " " + path + " failed");
  }

  private static boolean isWatch(String query) {
    return query.contains("watch=true") || query.contains("watch=1");
  }

  private Object rootPaths() {
    List<String> paths = new ArrayList<>(List.of("/api", "/apis", "/version"));
    discovery.resourcesByGroupVersion().keySet().stream()
        .map(gv -> gv.contains("/") ? "/apis/" + gv : "/api/" + gv)
        .forEach(paths::add);
    return new RootPathsBuilder().withPaths(paths).build();
  }
}

package io.ovt.ebs.cindersync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Keystone v3 password authentication scoped to a project: the token comes from {@code
 * X-Subject-Token}, the Cinder endpoint from the token's catalog unless one is given.
 */
public final class KeystonePasswordAuth implements CinderAuth {

  // A token used right up to its expiry can expire between being read here and being checked
  // by Cinder; a new one is fetched this long before.
  private static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);

  /** What to log in as and where; {@code endpointOverride} may be null to use the catalog. */
  public record Credentials(
      URI authUrl,
      String userName,
      String userDomain,
      String password,
      String projectName,
      String projectDomain,
      String endpointInterface,
      URI endpointOverride) {
    public Credentials {
      Objects.requireNonNull(authUrl, "authUrl");
      Objects.requireNonNull(userName, "userName");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(projectName, "projectName");
      userDomain = userDomain == null ? "Default" : userDomain;
      projectDomain = projectDomain == null ? "Default" : projectDomain;
      endpointInterface = endpointInterface == null ? "public" : endpointInterface;
    }

    @Override
    public String toString() {
      return "Credentials[" + userName + "@" + projectName + " at " + authUrl + "]";
    }
  }

  private final HttpClient http;
  private final Credentials credentials;
  private final Clock clock;
  private final Duration timeout;
  private final ObjectMapper json = CinderJson.mapper();
  private Session cached;
  private Instant expiresAt = Instant.MIN;

  /** Authenticates lazily, on the first {@link #session()}. */
  public KeystonePasswordAuth(
      HttpClient http, Credentials credentials, Clock clock, Duration timeout) {
    this.http = http;
    this.credentials = credentials;
    this.clock = clock;
    this.timeout = timeout;
  }

  @Override
  public synchronized Session session() throws IOException, InterruptedException {
    if (cached == null || !clock.instant().plus(EXPIRY_MARGIN).isBefore(expiresAt)) {
      authenticate();
    }
    return cached;
  }

  @Override
  public synchronized void invalidate() {
    cached = null;
  }

  private void authenticate() throws IOException, InterruptedException {
    ObjectNode body = json.createObjectNode();
    ObjectNode auth = body.putObject("auth");
    ObjectNode identity = auth.putObject("identity");
    identity.putArray("methods").add("password");
    ObjectNode user = identity.putObject("password").putObject("user");
    user.put("name", credentials.userName());
    user.putObject("domain").put("name", credentials.userDomain());
    user.put("password", credentials.password());
    ObjectNode project = auth.putObject("scope").putObject("project");
    project.put("name", credentials.projectName());
    project.putObject("domain").put("name", credentials.projectDomain());

    String base = credentials.authUrl().toString().replaceAll("/+$", "");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/auth/tokens"))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw CinderApiException.from("POST", request.uri(), response.statusCode(), response.body());
    }
    String token =
        response
            .headers()
            .firstValue("X-Subject-Token")
            .orElseThrow(() -> new IOException("Keystone answered 201 without X-Subject-Token"));
    JsonNode tokenBody = json.readTree(response.body()).path("token");
    URI endpoint =
        credentials.endpointOverride() != null
            ? credentials.endpointOverride()
            : volumeEndpoint(tokenBody.path("catalog"), credentials.endpointInterface());
    cached = new Session(endpoint, token);
    expiresAt = Instant.parse(tokenBody.path("expires_at").asText());
  }

  /** The block-storage v3 endpoint of the given interface in a token's catalog. */
  static URI volumeEndpoint(JsonNode catalog, String iface) throws IOException {
    for (JsonNode service : catalog) {
      String type = service.path("type").asText();
      if (!type.equals("volumev3") && !type.equals("block-storage")) {
        continue;
      }
      for (JsonNode endpoint : service.path("endpoints")) {
        if (endpoint.path("interface").asText().equals(iface)) {
          return URI.create(endpoint.path("url").asText().replaceAll("/+$", ""));
        }
      }
    }
    throw new IOException(
        "the Keystone catalog has no volumev3 or block-storage endpoint with interface " + iface);
  }
}

package io.ovt.ebs.cindersync;

import static io.ovt.ebs.cindersync.RealKeystone.ADMIN;
import static io.ovt.ebs.cindersync.RealKeystone.CINDER_USER;
import static io.ovt.ebs.cindersync.RealKeystone.DOMAIN;
import static io.ovt.ebs.cindersync.RealKeystone.PROJECT;
import static io.ovt.ebs.cindersync.RealKeystone.SERVICE_PROJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The identity v3 API calls the tests make as {@link RealKeystone}'s administrator. */
final class KeystoneAdmin {
  private final HttpClient http;
  private final URI authUrl;
  private final String adminPassword;
  private final ObjectMapper json = new ObjectMapper();

  KeystoneAdmin(HttpClient http, URI authUrl, String adminPassword) {
    this.http = http;
    this.authUrl = authUrl;
    this.adminPassword = adminPassword;
  }

  /** The id of the administrator's project, which Cinder's URLs carry. */
  String adminProjectId() throws IOException, InterruptedException {
    return login().body().path("token").path("project").path("id").asText();
  }

  /**
   * Creates Cinder's service user (roles admin and service in project {@code service}) and the
   * {@code volumev3} catalog entry pointing at {@code cinderRoot} (and an unused {@code image}
   * one); returns the user's password.
   */
  String registerCinder(URI cinderRoot) throws IOException, InterruptedException {
    String token = login().token();
    String project =
        post(
                token,
                "/projects",
                Map.of("project", Map.of("name", SERVICE_PROJECT, "domain_id", "default")))
            .path("project")
            .path("id")
            .asText();
    String password = "pw-" + UUID.randomUUID();
    String user =
        post(
                token,
                "/users",
                Map.of(
                    "user",
                    Map.of("name", CINDER_USER, "domain_id", "default", "password", password)))
            .path("user")
            .path("id")
            .asText();
    String serviceRole =
        post(token, "/roles", Map.of("role", Map.of("name", "service")))
            .path("role")
            .path("id")
            .asText();
    String adminRole = roleId(token, "admin");
    // admin lets the middleware validate any token under the 2023.1 default policies; service is
    // what the newer ones ask for.
    for (String role : List.of(adminRole, serviceRole)) {
      send(token, "PUT", "/projects/" + project + "/users/" + user + "/roles/" + role, null, 204);
    }
    // Keystone fills in the caller's project when it hands out the catalog.
    addService(
        token,
        "cinderv3",
        "volumev3",
        cinderRoot.toString().replaceAll("/+$", "") + "/v3/%(project_id)s");
    // openstackclient 6.0's `volume create` sets up an image client even without --image, and
    // that needs an image entry in the catalog; nothing listens there (port 9 is discard).
    addService(token, "glance", "image", "http://127.0.0.1:9/v2");
    return password;
  }

  private void addService(String token, String name, String type, String url)
      throws IOException, InterruptedException {
    String service =
        post(token, "/services", Map.of("service", Map.of("name", name, "type", type)))
            .path("service")
            .path("id")
            .asText();
    for (String iface : List.of("public", "internal", "admin")) {
      post(
          token,
          "/endpoints",
          Map.of(
              "endpoint",
              Map.of(
                  "service_id",
                  service,
                  "interface",
                  iface,
                  "url",
                  url,
                  "region_id",
                  "RegionOne")));
    }
  }

  /** Revokes {@code token} as the administrator ({@code DELETE /v3/auth/tokens}). */
  void revoke(String token) throws IOException, InterruptedException {
    String admin = login().token();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(authUrl + "/auth/tokens"))
            .timeout(Duration.ofSeconds(30))
            .header("X-Auth-Token", admin)
            .header("X-Subject-Token", token)
            .DELETE()
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 204) {
      throw new IllegalStateException(
          "revoking a token: " + response.statusCode() + " " + response.body());
    }
  }

  private record Login(String token, JsonNode body) {}

  private Login login() throws IOException, InterruptedException {
    Map<String, Object> body =
        Map.of(
            "auth",
            Map.of(
                "identity",
                Map.of(
                    "methods",
                    List.of("password"),
                    "password",
                    Map.of(
                        "user",
                        Map.of(
                            "name",
                            ADMIN,
                            "domain",
                            Map.of("name", DOMAIN),
                            "password",
                            adminPassword))),
                "scope",
                Map.of("project", Map.of("name", PROJECT, "domain", Map.of("name", DOMAIN)))));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(authUrl + "/auth/tokens"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "Keystone login: " + response.statusCode() + " " + response.body());
    }
    return new Login(
        response.headers().firstValue("X-Subject-Token").orElseThrow(),
        json.readTree(response.body()));
  }

  private String roleId(String token, String name) throws IOException, InterruptedException {
    for (JsonNode role : send(token, "GET", "/roles?name=" + name, null, 200).path("roles")) {
      return role.path("id").asText();
    }
    throw new IllegalStateException("Keystone has no role " + name);
  }

  private JsonNode post(String token, String path, Object body)
      throws IOException, InterruptedException {
    return send(token, "POST", path, body, 201);
  }

  private JsonNode send(String token, String method, String path, Object body, int expected)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(authUrl + path))
            .timeout(Duration.ofSeconds(30))
            .header("X-Auth-Token", token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          method + " " + path + ": " + response.statusCode() + " " + response.body());
    }
    String text = response.body();
    return text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
  }
}

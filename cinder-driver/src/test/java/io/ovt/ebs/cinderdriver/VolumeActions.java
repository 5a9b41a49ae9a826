package io.ovt.ebs.cinderdriver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovt.ebs.cindersync.RealCinder;
import io.ovt.ebs.cindersync.client.CinderClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Cinder's volume actions over REST (what Nova calls), e.g. {@code os-initialize_connection}. */
public final class VolumeActions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private VolumeActions() {}

  /** POSTs {@code {action: body}} to the volume's action URL (noauth); returns the answer. */
  public static JsonNode post(
      RealCinder cinder, String volumeId, String action, Map<String, Object> body)
      throws IOException, InterruptedException {
    return post(cinder, volumeId, action, body, Duration.ofSeconds(120));
  }

  /** As above, waiting at most {@code timeout} for the answer. */
  public static JsonNode post(
      RealCinder cinder, String volumeId, String action, Map<String, Object> body, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    cinder.baseUrl()
                        + "/v3/"
                        + cinder.project()
                        + "/volumes/"
                        + volumeId
                        + "/action"))
            .header("X-Auth-Token", "admin:" + cinder.project())
            .header("Content-Type", "application/json")
            .header("OpenStack-API-Version", "volume " + CinderClient.DEFAULT_MICROVERSION)
            .POST(
                HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(action, body))))
            .timeout(timeout)
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(action + ": " + response.body()).isBetween(200, 299);
    return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
  }
}

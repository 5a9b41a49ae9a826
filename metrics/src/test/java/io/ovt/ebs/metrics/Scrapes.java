package io.ovt.ebs.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@link MetricsEndpoint} as Prometheus would, for tests of every module's metrics. */
public final class Scrapes {
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;

  public Scrapes(MetricsEndpoint endpoint) {
    this.base = URI.create("http://127.0.0.1:" + endpoint.port());
  }

  /** GET {@code path}. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The text of {@code /metrics}; fails unless it answered 200 in Prometheus' text format. */
  public String scrape() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/metrics");
    if (response.statusCode() != 200
        || !response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain")) {
      throw new AssertionError(
          "GET /metrics answered " + response.statusCode() + response.headers());
    }
    return response.body();
  }

  /**
   * The value of the sample matching {@code series} (a regular expression of name and labels); -1
   * when it is absent, so an assertion names what it saw.
   */
  public static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}

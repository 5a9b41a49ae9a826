package io.ovt.ebs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint as Prometheus and a liveness probe use it. */
class MetricsEndpointTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger refreshed = new AtomicInteger();
  private MetricsEndpoint endpoint;
  private Scrapes scrapes;

  @BeforeEach
  void start() throws Exception {
    endpoint =
        MetricsEndpoint.start(
            new InetSocketAddress("127.0.0.1", 0), registry, refreshed::incrementAndGet);
    scrapes = new Scrapes(endpoint);
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @Test
  void eachScrapeRefreshesTheGaugesFirstAndShowsTheRegistry() throws Exception {
    registry.counter("ebs_test_things", "kind", "a").increment(3);
    assertThat(Scrapes.value(scrapes.scrape(), "ebs_test_things_total\\{kind=\"a\"}"))
        .isEqualTo(3.0);
    scrapes.scrape();
    assertThat(refreshed).hasValue(2);
  }

  @Test
  void healthzAnswersAndOtherMethodsAreRefused() throws Exception {
    assertThat(scrapes.get("/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> post =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(refreshed).as("a refused request does not refresh").hasValue(0);
  }
}

package io.ovt.ebs.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovt.ebs.daemon.NodeDaemon;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of valid requests, over the whole request schema: no answer is a 500, and a
 * request refused as invalid ran no storage command. Seeded, so a failure replays; a hand-written
 * mutator because no property-testing library is among this build's dependencies.
 */
class NodeApiFuzzTest {
  private static final String TOKEN = "fuzz-token-0123456789abcdef";
  private static final long SEED = 20261203L;
  private static final int ROUNDS = 400;
  private static final String VALID =
      """
      {"name":"vol-a","sizeBytes":1073741824,"provisioning":"THICK",
       "drbd":{"minor":1000,"port":7001,"protocol":"C","localAddress":"10.0.10.21",
               "peer":{"hostname":"hci-0002","address":"10.0.10.22"},"role":"PRIMARY",
               "resyncRateKiB":102400,"initialSync":"FULL"},
       "exports":[{"targetIqn":"iqn.2010-10.org.openstack:vol-a","lun":0,
                   "initiators":["iqn.1993-08.org.debian:01:c1"],"portals":["10.0.251.21:3260"],
                   "chap":{"username":"user1","password":"secretpassword12"}}]}
      """;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<JsonNode> HOSTILE =
      List.of(
          NODES.nullNode(),
          NODES.textNode(""),
          NODES.textNode("vol-a; reboot"),
          NODES.textNode("$(touch /tmp/pwned)"),
          NODES.textNode("../../etc/passwd"),
          NODES.textNode("-rf"),
          NODES.textNode("x".repeat(5000)),
          NODES.textNode("vol\u0000a"),
          NODES.textNode("ünïcødé"),
          NODES.textNode("10.0.10.21\nport 1"),
          NODES.numberNode(-1),
          NODES.numberNode(0),
          NODES.numberNode(Long.MAX_VALUE),
          NODES.numberNode(1e308),
          NODES.numberNode(70000),
          NODES.booleanNode(true),
          NODES.arrayNode(),
          NODES.objectNode(),
          NODES.textNode("PRIMARY"),
          NODES.textNode("THIN"));

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private CountingHost host;
  private NodeDaemon daemon;

  @BeforeEach
  void start() throws Exception {
    host = TestDaemons.host(1L << 40, 1L << 39);
    daemon = TestDaemons.start(host, TOKEN);
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  @Test
  void mutatedVolumeRequestsNeverGetA500AndRefusedOnesRunNothing() throws Exception {
    Random random = new Random(SEED);
    JsonNode valid = json.readTree(VALID);
    List<String> fives = new ArrayList<>();
    int refused = 0;
    for (int round = 0; round < ROUNDS; round++) {
      JsonNode body = valid.deepCopy();
      int mutations = 1 + random.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        mutate(body, random);
      }
      String name =
          body.path("name").isTextual() && !body.path("name").asText().isEmpty()
              ? body.path("name").asText()
              : "vol-a";
      int before = host.changes.get();
      HttpResponse<String> answer =
          put("/v1/volumes/" + encode(name), json.writeValueAsString(body));
      if (answer.statusCode() >= 500 && answer.statusCode() != 507) {
        fives.add(answer.statusCode() + " for " + body + ": " + answer.body());
      }
      if (answer.statusCode() == 400 || answer.statusCode() == 404) {
        refused++;
        assertThat(host.changes.get())
            .as("a refused request ran a command: " + body)
            .isEqualTo(before);
      }
    }
    assertThat(fives).isEmpty();
    assertThat(refused).as("the mutations reach validation").isGreaterThan(ROUNDS / 4);
  }

  @Test
  void mutatedLeaseAndSnapshotRequestsNeverGetA500() throws Exception {
    Random random = new Random(SEED + 1);
    List<String> fives = new ArrayList<>();
    for (int round = 0; round < 100; round++) {
      JsonNode value = HOSTILE.get(random.nextInt(HOSTILE.size()));
      String lease = "{\"durationMillis\":" + value + "}";
      String snapshot = "{\"name\":" + value + ",\"cowBytes\":" + value + "}";
      for (HttpResponse<String> answer :
          List.of(put("/v1/lease", lease), post("/v1/volumes/vol-a/snapshots", snapshot))) {
        if (answer.statusCode() >= 500 && answer.statusCode() != 507) {
          fives.add(answer.statusCode() + " for " + value + ": " + answer.body());
        }
      }
    }
    assertThat(fives).isEmpty();
  }

  /** Replaces, removes or adds one field somewhere in the tree. */
  private static void mutate(JsonNode body, Random random) {
    List<JsonNode> containers = new ArrayList<>();
    collect(body, containers);
    JsonNode target = containers.get(random.nextInt(containers.size()));
    // a copy: the tree is mutated further, the pool never
    JsonNode value = HOSTILE.get(random.nextInt(HOSTILE.size())).deepCopy();
    if (target instanceof ObjectNode object) {
      List<String> fields = new ArrayList<>();
      object.fieldNames().forEachRemaining(fields::add);
      int choice = random.nextInt(10);
      if (choice == 0 || fields.isEmpty()) {
        object.set("unknown" + random.nextInt(3), value);
      } else if (choice == 1) {
        object.remove(fields.get(random.nextInt(fields.size())));
      } else {
        object.set(fields.get(random.nextInt(fields.size())), value);
      }
    } else if (target instanceof ArrayNode array) {
      if (array.isEmpty() || random.nextBoolean()) {
        array.add(value);
      } else {
        array.set(random.nextInt(array.size()), value);
      }
    }
  }

  private static void collect(JsonNode node, List<JsonNode> containers) {
    if (node.isContainerNode()) {
      containers.add(node);
      node.elements().forEachRemaining(child -> collect(child, containers));
    }
  }

  private static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpResponse<String> put(String path, String body) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + daemon.port() + path);
  }
}

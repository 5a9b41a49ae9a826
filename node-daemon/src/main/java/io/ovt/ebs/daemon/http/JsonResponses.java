package io.ovt.ebs.daemon.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.ovt.ebs.nodeapi.ApiError;
import java.io.IOException;
import java.io.OutputStream;

/** Writes JSON answers and typed errors. */
final class JsonResponses {
  private final ObjectMapper json;

  JsonResponses(ObjectMapper json) {
    this.json = json;
  }

  void ok(HttpExchange exchange, Object body) throws IOException {
    send(exchange, 200, json.writeValueAsBytes(body));
  }

  void noContent(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  void error(HttpExchange exchange, ApiError error) throws IOException {
    send(exchange, error.code().httpStatus(), json.writeValueAsBytes(error));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}

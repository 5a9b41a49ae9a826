package io.ovt.ebs.cindersync.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.Iterator;

/**
 * Cinder (or Keystone) refused a request with a 4xx, or a 5xx outlived the retries: the HTTP status
 * and the message from the body.
 */
public final class CinderApiException extends IOException {

  private final int status;
  private final String cinderMessage;

  /** A refusal of {@code method uri} with this status and message. */
  public CinderApiException(String method, URI uri, int status, String cinderMessage) {
    super(method + " " + uri.getPath() + " -> " + status + ": " + cinderMessage);
    this.status = status;
    this.cinderMessage = cinderMessage;
  }

  /**
   * Reads Cinder's {@code {"badRequest": {"code": 400, "message": "..."}}} shape, or the raw body.
   */
  static CinderApiException from(String method, URI uri, int status, String body) {
    return new CinderApiException(method, uri, status, messageOf(body));
  }

  static String messageOf(String body) {
    if (body == null || body.isBlank()) {
      return "(no body)";
    }
    try {
      JsonNode root = CinderJson.mapper().readTree(body);
      // Cinder wraps the fault in one field named after it (badRequest, itemNotFound, ...);
      // Keystone uses {"error": {"message": ...}}.
      Iterator<JsonNode> fields = root.elements();
      if (fields.hasNext()) {
        JsonNode fault = fields.next();
        if (fault.hasNonNull("message")) {
          return fault.get("message").asText();
        }
      }
    } catch (IOException notJson) {
      // fall through to the raw body: a proxy's HTML page is still the best message there is
    }
    String flat = body.strip().replaceAll("\\s+", " ");
    return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
  }

  /** The HTTP status Cinder answered. */
  public int status() {
    return status;
  }

  /** Cinder's own message for the refusal. */
  public String cinderMessage() {
    return cinderMessage;
  }

  /** True for a 4xx: the request itself is wrong and repeating it will not help. */
  public boolean isClientError() {
    return status >= 400 && status < 500;
  }
}

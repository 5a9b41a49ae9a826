package io.ovt.ebs.daemon.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.ovt.ebs.nodeapi.ApiError;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses every request without the right bearer token. Compares in constant time and logs the peer
 * and the request line of a refusal, never the token offered; a peer past its budget of failures is
 * refused unread for a while.
 */
final class BearerTokenAuth extends Filter {
  private static final Logger LOG = LoggerFactory.getLogger(BearerTokenAuth.class);
  private static final String PREFIX = "Bearer ";

  private final Supplier<String> token;
  private final JsonResponses responses;
  private final AuthFailureLimit limit;

  BearerTokenAuth(Supplier<String> token, JsonResponses responses, AuthFailureLimit limit) {
    this.token = token;
    this.responses = responses;
    this.limit = limit;
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    InetAddress peer = exchange.getRemoteAddress().getAddress();
    if (limit.exhausted(peer)) {
      responses.error(
          exchange,
          ApiError.of(
              ErrorCode.TOO_MANY_FAILURES,
              "too many requests from this address failed authentication; try again later"));
      return;
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.startsWith(PREFIX) && matches(header.substring(PREFIX.length()))) {
      chain.doFilter(exchange);
      return;
    }
    limit.failed(peer);
    LOG.warn(
        "refused unauthenticated request from {}: {} {} ({})",
        exchange.getRemoteAddress(),
        exchange.getRequestMethod(),
        exchange.getRequestURI().getRawPath(),
        header == null ? "no Authorization header" : "wrong token");
    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"ebs-node\"");
    responses.error(
        exchange, ApiError.of(ErrorCode.UNAUTHORIZED, "a valid bearer token is required"));
  }

  private boolean matches(String offered) {
    String expected = token.get();
    return expected != null
        && !expected.isEmpty()
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), offered.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String description() {
    return "bearer token authentication";
  }
}

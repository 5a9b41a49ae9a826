package io.ovt.ebs.operator.node;

import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.nodeapi.NodeApi;
import io.ovt.ebs.nodeapi.NodeApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Node API clients with the bearer token, one per daemon address, sharing a client; over HTTPS
 * verifying each daemon's certificate when a TLS context is given.
 */
public final class HttpNodeApiFactory implements NodeApiFactory {
  private final Supplier<String> token;
  private final Duration timeout;
  private final HttpClient http;
  private final String scheme;
  private final ConcurrentMap<URI, NodeApiClient> clients = new ConcurrentHashMap<>();

  /** Clients over plain HTTP. */
  public HttpNodeApiFactory(Supplier<String> token, Duration timeout) {
    this(token, timeout, Optional.empty());
  }

  /** Clients over HTTPS when {@code tls} is present (see {@code NodeApiTls.client}). */
  public HttpNodeApiFactory(Supplier<String> token, Duration timeout, Optional<SSLContext> tls) {
    this.token = token;
    this.timeout = timeout;
    this.http = NodeApiClient.newHttpClient(timeout, tls);
    this.scheme = tls.isPresent() ? "https" : "http";
  }

  @Override
  public NodeApi forNode(StorageNode node) {
    return clients.computeIfAbsent(base(node), uri -> new NodeApiClient(uri, token, timeout, http));
  }

  @Override
  public NodeApi forNode(StorageNode node, Duration callTimeout) {
    if (callTimeout.compareTo(timeout) >= 0) {
      return forNode(node);
    }
    // Cheap to make: the HTTP client and its connections are shared.
    return new NodeApiClient(base(node), token, callTimeout, http);
  }

  @Override
  public void abandonCalls(StorageNode node, String why) {
    // Only the long-timeout client: the short ones are per call and end soon by themselves.
    NodeApiClient client = clients.get(base(node));
    if (client != null) {
      client.abandonCalls(why);
    }
  }

  private URI base(StorageNode node) {
    int port = node.getSpec().getPort() == null ? 7000 : node.getSpec().getPort();
    return URI.create(scheme + "://" + node.getSpec().getAddress() + ":" + port);
  }
}

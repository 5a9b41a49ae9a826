package io.ovt.ebs.operator.node;

import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.nodeapi.NodeApi;
import io.ovt.ebs.nodeapi.NodeApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/** Node API clients over HTTP with the bearer token, one per daemon address, sharing a client. */
public final class HttpNodeApiFactory implements NodeApiFactory {
  private final Supplier<String> token;
  private final Duration timeout;
  private final HttpClient http;
  private final ConcurrentMap<URI, NodeApiClient> clients = new ConcurrentHashMap<>();

  public HttpNodeApiFactory(Supplier<String> token, Duration timeout) {
    this.token = token;
    this.timeout = timeout;
    this.http = NodeApiClient.newHttpClient(timeout);
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

  private static URI base(StorageNode node) {
    int port = node.getSpec().getPort() == null ? 7000 : node.getSpec().getPort();
    return URI.create("http://" + node.getSpec().getAddress() + ":" + port);
  }
}

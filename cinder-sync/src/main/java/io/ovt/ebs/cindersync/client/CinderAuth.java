package io.ovt.ebs.cindersync.client;

import java.io.IOException;
import java.net.URI;

/** How the client authenticates: gives the Cinder v3 endpoint and a token for each request. */
public interface CinderAuth {

  /**
   * The endpoint (ending in {@code /v3/<project id>}) and a valid token. Implementations cache the
   * token and only go back to their identity service when it is about to expire.
   */
  Session session() throws IOException, InterruptedException;

  /** Forgets a cached token, so the next {@link #session()} fetches a new one. */
  default void invalidate() {}

  /** A Cinder endpoint and the token to send as {@code X-Auth-Token}. */
  record Session(URI endpoint, String token) {}
}

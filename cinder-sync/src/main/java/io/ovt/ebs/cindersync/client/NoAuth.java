package io.ovt.ebs.cindersync.client;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Cinder's {@code auth_strategy = noauth}: the token is {@code <user>:<project>} and every caller
 * is an administrator. For tests and closed lab clouds only.
 */
public final class NoAuth implements CinderAuth {

  // noauth puts the URL's project id into the request context unchecked; Cinder only routes
  // /v3/<id>/ when the id is hex (it is a UUID without dashes in a real cloud).
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

  private final Session session;

  /**
   * @param baseUrl Cinder's root, e.g. {@code http://127.0.0.1:8776}
   * @param projectId a hex project id
   */
  public NoAuth(URI baseUrl, String projectId) {
    if (!HEX.matcher(projectId).matches()) {
      throw new IllegalArgumentException("noauth project ids must be hex, got " + projectId);
    }
    String root = baseUrl.toString().replaceAll("/+$", "");
    this.session = new Session(URI.create(root + "/v3/" + projectId), "admin:" + projectId);
  }

  @Override
  public Session session() {
    return session;
  }
}

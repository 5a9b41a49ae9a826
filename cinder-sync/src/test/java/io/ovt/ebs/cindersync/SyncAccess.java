package io.ovt.ebs.cindersync;

import io.ovt.ebs.cindersync.app.CinderSyncMain;
import io.ovt.ebs.embedded.ApiAccessFile;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;

/**
 * Every kind of Kubernetes API call cinder-sync's client made in these tests, written to the file
 * the system property {@code ebs.cinderSyncAccessFile} names: the chart's RBAC for cinder-sync is
 * checked against it.
 */
public final class SyncAccess {
  /** The user agent of cinder-sync's client in tests; the tests' own calls use another. */
  public static final String USER_AGENT = CinderSyncMain.USER_AGENT;

  private static final ApiAccessFile FILE = new ApiAccessFile("ebs.cinderSyncAccessFile");

  private SyncAccess() {}

  /** Adds what cinder-sync called on this API server. */
  public static void record(EmbeddedKubernetesApi api) {
    FILE.record(api.accessesBy(USER_AGENT));
  }
}

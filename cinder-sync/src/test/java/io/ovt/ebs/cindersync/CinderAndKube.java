package io.ovt.ebs.cindersync;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import java.nio.file.Path;

/** The real Cinder and the embedded Kubernetes API cinder-sync runs between, for one test class. */
public final class CinderAndKube implements AutoCloseable {
  /** The real Cinder. */
  public final RealCinder cinder;

  /** The test's own client: what it sets up and reads back. */
  public final KubernetesClient kube;

  /** cinder-sync's client: its calls are what the chart's RBAC must grant. */
  public final KubernetesClient sync;

  /** The embedded API server. */
  public final EmbeddedKubernetesApi api;

  private CinderAndKube(RealCinder cinder, EmbeddedKubernetesApi api) {
    this.cinder = cinder;
    this.api = api;
    this.kube = api.newClient();
    this.sync = api.newClient(SyncAccess.USER_AGENT);
  }

  /** Starts both; Cinder keeps its state under {@code state}. */
  public static CinderAndKube start(Path state) throws Exception {
    RealCinder cinder = RealCinder.start(state);
    try {
      return new CinderAndKube(cinder, EmbeddedKubernetesApi.start(0));
    } catch (RuntimeException e) {
      cinder.close();
      throw e;
    }
  }

  @Override
  public void close() {
    SyncAccess.record(api);
    sync.close();
    kube.close();
    api.close();
    cinder.close();
  }
}

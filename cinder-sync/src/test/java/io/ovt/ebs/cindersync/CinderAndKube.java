package io.ovt.ebs.cindersync;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import java.nio.file.Path;

/** The real Cinder and the embedded Kubernetes API cinder-sync runs between, for one test class. */
final class CinderAndKube implements AutoCloseable {
  final RealCinder cinder;
  final KubernetesClient kube;
  private final EmbeddedKubernetesApi api;

  private CinderAndKube(RealCinder cinder, EmbeddedKubernetesApi api) {
    this.cinder = cinder;
    this.api = api;
    this.kube = api.newClient();
  }

  /** Starts both; Cinder keeps its state under {@code state}. */
  static CinderAndKube start(Path state) throws Exception {
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
    kube.close();
    api.close();
    cinder.close();
  }
}

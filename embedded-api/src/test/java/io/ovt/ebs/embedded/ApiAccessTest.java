package io.ovt.ebs.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.ovt.ebs.crds.volume.Volume;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API tells, per user agent, which kinds of call were made: what RBAC must grant. */
class ApiAccessTest {
  @Test
  void eachClientsCallsAreLoggedAsRbacNamesThem() {
    try (EmbeddedKubernetesApi api = EmbeddedKubernetesApi.start(0);
        KubernetesClient operator = api.newClient("ebs-operator-test");
        KubernetesClient other = api.newClient()) {
      other
          .secrets()
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("chap")
                  .endMetadata()
                  .withStringData(Map.of("a", "b"))
                  .build())
          .create();
      operator.secrets().withName("chap").get();
      operator.resources(Volume.class).list();
      try (Watch w = operator.resources(Volume.class).watch(new Ignore())) {
        // opened: that is the call
      }
      operator.secrets().withName("chap").delete();

      assertThat(api.accessesBy("ebs-operator-test"))
          .contains(
              new ApiAccess("", "secrets", "get"),
              new ApiAccess("ebs.ovt.io", "volumes", "list"),
              new ApiAccess("ebs.ovt.io", "volumes", "watch"),
              new ApiAccess("", "secrets", "delete"))
          .doesNotContain(new ApiAccess("", "secrets", "create"));
      assertThat(api.accessesBy("nobody")).isEmpty();
    }
  }

  @Test
  void statusWritesAreTheirSubresource() {
    assertThat(
            ApiAccess.of(
                "PATCH", "/apis/ebs.ovt.io/v1alpha1/namespaces/default/volumes/v/status", ""))
        .contains(new ApiAccess("ebs.ovt.io", "volumes/status", "patch"));
    assertThat(ApiAccess.of("GET", "/apis", "")).isEmpty();
    assertThat(ApiAccess.of("DELETE", "/api/v1/namespaces/default/secrets", ""))
        .contains(new ApiAccess("", "secrets", "deletecollection"));
  }

  private static final class Ignore implements Watcher<Volume> {
    @Override
    public void eventReceived(Action action, Volume resource) {}

    @Override
    public void onClose(WatcherException cause) {}
  }
}

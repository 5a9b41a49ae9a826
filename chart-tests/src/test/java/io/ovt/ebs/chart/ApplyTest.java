package io.ovt.ebs.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rendered chart goes into a Kubernetes API (the embedded one) as an install would put it. */
class ApplyTest {
  @Test
  void everyRenderedObjectIsAcceptedAndReadsBackAndTheCrdsServeTheirKinds() {
    List<HasMetadata> objects = Helm.template(List.of(), true);
    try (EmbeddedKubernetesApi api = EmbeddedKubernetesApi.start(0);
        KubernetesClient client = api.newClient()) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(Helm.NAMESPACE)
                  .endMetadata()
                  .build())
          .create();
      for (HasMetadata o : objects) {
        if (o instanceof CustomResourceDefinition) {
          // the embedded API already serves the EBS kinds; the chart's definitions replace them
          client.resource(o).createOr(NonDeletingOperation::update);
        } else {
          client.resource(o).inNamespace(Helm.NAMESPACE).create();
        }
      }
      for (HasMetadata o : objects) {
        assertThat(client.resource(o).inNamespace(Helm.NAMESPACE).get())
            .as(o.getKind() + " " + o.getMetadata().getName())
            .isNotNull();
      }
      assertThat(client.apps().deployments().inNamespace(Helm.NAMESPACE).list().getItems())
          .extracting(Deployment::getMetadata)
          .extracting(m -> m.getName())
          .containsExactly("ebs-operator");
      assertThat(client.apps().daemonSets().inNamespace(Helm.NAMESPACE).list().getItems())
          .extracting(DaemonSet::getMetadata)
          .extracting(m -> m.getName())
          .containsExactly("ebs-node-daemon");
      assertThat(client.resources(Volume.class).inAnyNamespace().list().getItems()).isEmpty();
    }
  }
}

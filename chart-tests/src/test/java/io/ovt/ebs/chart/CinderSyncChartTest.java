package io.ovt.ebs.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional cinder-sync Deployment: off by default, its Cinder credentials from a Secret. */
class CinderSyncChartTest {
  private static Deployment cinderSync(List<HasMetadata> objects) {
    return objects.stream()
        .filter(o -> o instanceof Deployment && o.getMetadata().getName().endsWith("-cinder-sync"))
        .map(Deployment.class::cast)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void offByDefault() {
    assertThat(Helm.template(List.of(), false))
        .noneMatch(o -> o.getMetadata().getName().contains("cinder-sync"));
  }

  @Test
  void withKeystoneThePasswordComesFromASecretFileAndNeverFromTheArguments() {
    List<HasMetadata> objects =
        Helm.template(List.of(Helm.values("cinder-sync-keystone.yaml")), false);
    Deployment d = cinderSync(objects);
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getArgs())
        .contains(
            "--namespace=openstack-volumes",
            "--lease-namespace=$(POD_NAMESPACE)",
            "--backend=ebs",
            "--backend=ebs-fast",
            "--delete-orphans",
            "--os-auth-url=https://keystone.example:5000/v3",
            "--os-username=ebs-sync",
            "--os-project-name=service",
            "--os-password-file=/etc/ebs/keystone/password")
        .noneMatch(a -> a.startsWith("--noauth-project") || a.contains("s3cret"));
    assertThat(c.getEnv()).noneMatch(e -> String.valueOf(e.getValue()).contains("s3cret"));
    String secretName =
        d.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getSecret() != null)
            .findFirst()
            .orElseThrow()
            .getSecret()
            .getSecretName();
    Secret secret =
        objects.stream()
            .filter(o -> o instanceof Secret && o.getMetadata().getName().equals(secretName))
            .map(Secret.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(
            new String(
                Base64.getDecoder().decode(secret.getData().get("password")),
                StandardCharsets.UTF_8))
        .isEqualTo("s3cret-not-in-args");
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    // The Volumes' Role is in the namespace they are mirrored to.
    assertThat(objects)
        .filteredOn(o -> o instanceof Role && o.getMetadata().getName().endsWith("-cinder-sync"))
        .singleElement()
        .satisfies(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo("openstack-volumes"));
  }

  @Test
  void withNoauthItNamesTheProjectAndMountsNoSecret() {
    List<HasMetadata> objects =
        Helm.template(List.of(Helm.values("cinder-sync-noauth.yaml")), false);
    Deployment d = cinderSync(objects);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getArgs())
        .contains(
            "--cinder-url=http://cinder.openstack:8776",
            "--noauth-project=3f1c2b4a5d6e7f8091a2b3c4d5e6f708",
            "--namespace=" + Helm.NAMESPACE)
        .noneMatch(a -> a.startsWith("--os-"));
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
        .noneMatch(v -> v.getSecret() != null);
  }

  @Test
  void enablingItWithoutAWayToCinderOrWithoutAPasswordIsRefusedWithWhatToSet() {
    Helm.Run none = Helm.templateRun(List.of("cinderSync.enabled=true"));
    assertThat(none.exitCode()).isNotZero();
    assertThat(none.stderr()).contains("cinderSync.keystone.authUrl", "cinderSync.noauthProject");
    Helm.Run noPassword =
        Helm.templateRun(
            List.of("cinderSync.enabled=true", "cinderSync.keystone.authUrl=https://k:5000/v3"));
    assertThat(noPassword.exitCode()).isNotZero();
    assertThat(noPassword.stderr()).contains("cinderSync.keystone.existingSecret");
  }
}

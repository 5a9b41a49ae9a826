package io.ovt.ebs.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.ovt.ebs.daemon.config.DaemonConfig;
import io.ovt.ebs.nodeapi.HostType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart as real helm renders it, for the default values and the other values sets. */
class ChartRenderTest {
  static Stream<List<Path>> valueSets() {
    return Stream.of(
        List.of(),
        List.of(Helm.values("external-daemons.yaml")),
        List.of(Helm.values("custom.yaml")),
        List.of(Helm.values("cinder-sync-keystone.yaml")),
        List.of(Helm.values("cinder-sync-noauth.yaml")));
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void lintIsCleanAndEveryObjectIsAKnownKindWithSchemaFieldsOnly(List<Path> values) {
    Helm.lint(values);
    List<HasMetadata> objects = Helm.template(values, true);
    assertThat(objects).isNotEmpty();
    assertThat(objects.stream().flatMap(o -> SchemaCheck.problems(o).stream())).isEmpty();
  }

  @Test
  void theOperatorRunsLeaderElectedReplicasWithTheNodeTokenAndNoPrivileges() {
    List<HasMetadata> objects = Helm.template(List.of(), false);
    Deployment operator = only(objects, Deployment.class);
    assertThat(operator.getSpec().getReplicas()).isEqualTo(2);
    PodSpec pod = operator.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertThat(c.getArgs())
        .contains("--node-token-file=/etc/ebs/token/token", "--lease-namespace=$(POD_NAMESPACE)")
        .doesNotContain("--no-leader-election");
    assertThat(c.getEnv()).anyMatch(e -> e.getName().equals("POD_NAMESPACE"));
    assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertEveryMountHasAVolume(pod);
    assertThat(secretOf(pod, "node-token")).isEqualTo(tokenSecret(objects).getMetadata().getName());
    assertThat(pod.getServiceAccountName()).isEqualTo("ebs-operator");
    assertThat(only(objects, PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal())
        .isEqualTo(1);
  }

  @Test
  void theDaemonRunsOnLabelledStorageNodesOnTheHostNetworkWithTheHostsDevices() {
    List<HasMetadata> objects = Helm.template(List.of(), false);
    DaemonSet daemons = only(objects, DaemonSet.class);
    PodSpec pod = daemons.getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector()).containsEntry("ebs.ovt.io/storage-node", "true");
    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    Container c = pod.getContainers().get(0);
    assertThat(c.getSecurityContext().getPrivileged()).isTrue();
    assertThat(c.getPorts()).anyMatch(p -> p.getContainerPort() == 7000);
    assertThat(c.getLivenessProbe()).isNotNull();
    assertThat(c.getReadinessProbe()).isNotNull();
    Map<String, String> hostPaths =
        pod.getVolumes().stream()
            .filter(v -> v.getHostPath() != null)
            .collect(Collectors.toMap(v -> v.getHostPath().getPath(), Volume::getName));
    assertThat(hostPaths)
        .containsKeys("/dev", "/etc/drbd.d", "/etc/target", "/run/lvm", "/lib/modules");
    assertThat(hostPaths).containsKey("/var/lib/ebs"); // fencing lease and fence-peer handler
    assertEveryMountHasAVolume(pod);
    assertThat(c.getArgs())
        .contains("--backend-id=$(NODE_NAME)@EBS", "--replication-address=$(HOST_IP)");
  }

  @Test
  void theDaemonsConfigurationIsOneTheDaemonReadsWithTheMountedTokenAndPort() throws Exception {
    List<HasMetadata> objects = Helm.template(List.of(Helm.values("custom.yaml")), false);
    ConfigMap config = only(objects, ConfigMap.class);
    DaemonConfig read =
        new ObjectMapper(new YAMLFactory())
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .readValue(config.getData().get("node-daemon.yaml"), DaemonConfig.class)
            .overriding("worker-1@LVM", null, "10.0.10.21");
    assertThat(read.host().type()).isEqualTo(HostType.REAL);
    assertThat(read.host().thinPool()).as("thinPool \"\" means thick only").isNull();
    assertThat(read.host().targetHelper()).isEqualTo(DaemonConfig.TargetHelper.TGTADM);
    assertThat(read.port()).isEqualTo(7100);
    PodSpec pod = only(objects, DaemonSet.class).getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertThat(c.getPorts()).anyMatch(p -> p.getContainerPort() == 7100);
    VolumeMount token =
        c.getVolumeMounts().stream()
            .filter(m -> m.getName().equals("node-token"))
            .findFirst()
            .get();
    assertThat(read.tokenFile()).isEqualTo(Path.of(token.getMountPath(), "token"));
    assertThat(c.getImage()).isEqualTo("registry.example.com/ebs/ebs-node-daemon:0.1.0");
    assertThat(c.getArgs()).contains("--backend-id=$(NODE_NAME)@LVM");
  }

  @Test
  void hostsOutsideKubernetesGetNoDaemonSetAndAProvidedTokenIsUsedNotGenerated() {
    List<HasMetadata> objects = Helm.template(List.of(Helm.values("external-daemons.yaml")), false);
    assertThat(objects).noneMatch(o -> o instanceof DaemonSet || o instanceof Secret);
    PodSpec pod = only(objects, Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(secretOf(pod, "node-token")).isEqualTo("ebs-node-token");
    assertThat(secretOf(pod, "node-ca")).isEqualTo("ebs-node-tls");
    assertThat(pod.getContainers().get(0).getArgs())
        .contains("--node-ca-file=/etc/ebs/tls/ca.crt")
        .noneMatch(a -> a.startsWith("--node-server-name"));
  }

  @Test
  void aGeneratedTokenIsLongAndRandom() {
    String first = token(Helm.template(List.of(), false));
    String second = token(Helm.template(List.of(), false));
    assertThat(first).hasSize(48).isNotEqualTo(second);
  }

  @Test
  void theChartShipsExactlyTheGeneratedCrds() throws Exception {
    Path generated = Helm.REPO.resolve("crds/target/classes/META-INF/fabric8");
    List<Path> expected;
    try (Stream<Path> files = Files.list(generated)) {
      expected = files.filter(f -> f.toString().endsWith("-v1.yml")).sorted().toList();
    }
    assertThat(expected).hasSize(7);
    for (Path crd : expected) {
      Path shipped = Helm.CHART.resolve("crds").resolve(crd.getFileName());
      assertThat(shipped).exists().hasSameTextualContentAs(crd);
    }
    List<String> kinds =
        Helm.template(List.of(), true).stream()
            .filter(o -> o instanceof CustomResourceDefinition)
            .map(o -> ((CustomResourceDefinition) o).getSpec().getNames().getKind())
            .sorted()
            .toList();
    assertThat(kinds)
        .containsExactly(
            "FailoverPolicy",
            "ImageUpload",
            "ReplicationPair",
            "Snapshot",
            "StorageNode",
            "Volume",
            "VolumeExport");
  }

  private static String token(List<HasMetadata> objects) {
    return new String(
        java.util.Base64.getDecoder().decode(tokenSecret(objects).getData().get("token")),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Secret tokenSecret(List<HasMetadata> objects) {
    return secretNamed(objects, "ebs-node-token");
  }

  static Secret secretNamed(List<HasMetadata> objects, String name) {
    return objects.stream()
        .filter(o -> o instanceof Secret && o.getMetadata().getName().equals(name))
        .map(Secret.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Secret " + name));
  }

  private static String secretOf(PodSpec pod, String volume) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(volume))
        .findFirst()
        .orElseThrow()
        .getSecret()
        .getSecretName();
  }

  private static void assertEveryMountHasAVolume(PodSpec pod) {
    List<String> volumes = pod.getVolumes().stream().map(Volume::getName).toList();
    for (Container c : pod.getContainers()) {
      assertThat(c.getVolumeMounts()).allMatch(m -> volumes.contains(m.getName()));
    }
  }

  static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> kind) {
    List<T> found = objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    assertThat(found).as("exactly one " + kind.getSimpleName()).hasSize(1);
    return found.get(0);
  }
}

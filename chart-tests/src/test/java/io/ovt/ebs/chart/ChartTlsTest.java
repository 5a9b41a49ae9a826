package io.ovt.ebs.chart;

import static io.ovt.ebs.chart.ChartRenderTest.only;
import static io.ovt.ebs.chart.ChartRenderTest.secretNamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.ovt.ebs.daemon.config.DaemonConfig;
import io.ovt.ebs.nodeapi.tls.NodeApiTls;
import io.ovt.ebs.nodeapi.tls.NodeIdentityTrustManager;
import io.ovt.ebs.nodeapi.tls.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node API's TLS as the chart sets it up: material the daemon serves and the operator trusts.
 */
class ChartTlsTest {
  @TempDir Path dir;

  @Test
  void theGeneratedCertificateIsOneTheDaemonServesAndTheOperatorAcceptsByTheSharedName()
      throws Exception {
    List<HasMetadata> objects = Helm.template(List.of(), false);
    Secret tls = secretNamed(objects, "ebs-node-tls");
    assertThat(tls.getType()).isEqualTo("kubernetes.io/tls");
    Path cert = write(tls, "tls.crt");
    Path key = write(tls, "tls.key");
    Path ca = write(tls, "ca.crt");

    NodeApiTls.server(cert, key); // refuses a key that is not the certificate's
    X509Certificate[] chain = PemFiles.certificates(cert).toArray(X509Certificate[]::new);
    NodeIdentityTrustManager.trusting(PemFiles.certificates(ca), Optional.of("ebs-node-daemon"))
        .checkServerTrusted(chain, "RSA");
    assertThatThrownBy(
            () ->
                NodeIdentityTrustManager.trusting(
                        PemFiles.certificates(ca), Optional.of("another-name"))
                    .checkServerTrusted(chain, "RSA"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void theOperatorGetsTheCaAndTheSharedNameButNeverTheDaemonsKey() {
    List<HasMetadata> objects = Helm.template(List.of(Helm.values("custom.yaml")), false);
    PodSpec pod = only(objects, Deployment.class).getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertThat(c.getArgs())
        .contains("--node-ca-file=/etc/ebs/tls/ca.crt", "--node-server-name=storage.ebs.internal");
    assertThat(mountOf(c, "node-ca")).isEqualTo("/etc/ebs/tls");
    assertThat(itemsOf(pod, "node-ca")).containsExactly("ca.crt");
  }

  @Test
  void theDaemonReadsTheMountedCertificateAndKey() throws Exception {
    List<HasMetadata> objects = Helm.template(List.of(), false);
    DaemonConfig read =
        new ObjectMapper(new YAMLFactory())
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .readValue(
                only(objects, ConfigMap.class).getData().get("node-daemon.yaml"),
                DaemonConfig.class);
    PodSpec pod = only(objects, DaemonSet.class).getSpec().getTemplate().getSpec();
    Path mount = Path.of(mountOf(pod.getContainers().get(0), "node-tls"));
    assertThat(itemsOf(pod, "node-tls")).containsExactlyInAnyOrder("tls.crt", "tls.key");
    assertThat(read.tls().certFile()).isEqualTo(mount.resolve("tls.crt"));
    assertThat(read.tls().keyFile()).isEqualTo(mount.resolve("tls.key"));
  }

  @Test
  void withTlsOffTheDaemonServesPlainHttpAndTheOperatorCallsIt() throws Exception {
    Path off = Files.writeString(dir.resolve("off.yaml"), "nodeApi:\n  tls:\n    enabled: false\n");
    List<HasMetadata> objects = Helm.template(List.of(off), false);
    assertThat(objects)
        .noneMatch(o -> o instanceof Secret && o.getMetadata().getName().equals("ebs-node-tls"));
    assertThat(only(objects, ConfigMap.class).getData().get("node-daemon.yaml"))
        .doesNotContain("tls:");
    assertThat(only(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers())
        .allMatch(c -> c.getArgs().stream().noneMatch(a -> a.startsWith("--node-ca-file")));
  }

  private Path write(Secret secret, String key) throws Exception {
    return Files.write(dir.resolve(key), Base64.getDecoder().decode(secret.getData().get(key)));
  }

  private static String mountOf(Container c, String volume) {
    return c.getVolumeMounts().stream()
        .filter(m -> m.getName().equals(volume))
        .map(VolumeMount::getMountPath)
        .findFirst()
        .orElseThrow();
  }

  private static List<String> itemsOf(PodSpec pod, String volume) {
    Volume v =
        pod.getVolumes().stream().filter(x -> x.getName().equals(volume)).findFirst().orElseThrow();
    return v.getSecret().getItems().stream().map(KeyToPath::getPath).toList();
  }
}

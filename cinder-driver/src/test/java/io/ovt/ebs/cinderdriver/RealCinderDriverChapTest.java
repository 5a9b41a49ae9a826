package io.ovt.ebs.cinderdriver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.ovt.ebs.crds.volume.VolumeExport;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The driver with Cinder's {@code use_chap_auth = True}: every export gets a Secret with its
 * credentials, the target requires them, and {@code initialize_connection} hands them to Nova.
 */
class RealCinderDriverChapTest extends RealCinderDriverTestBase {
  @Override
  Map<String, String> options() {
    return Map.of("use_chap_auth", "True");
  }

  @Test
  void initializeConnectionReturnsTheChapCredentialsOfTheExport() throws Exception {
    String id = create("chap", "--size", "1");
    String initiator = "iqn.1993-08.org.debian:01:compute-2";
    JsonNode data =
        action(
                id,
                "os-initialize_connection",
                Map.of("connector", Map.of("initiator", initiator, "host", "compute-2")))
            .path("connection_info")
            .path("data");

    List<VolumeExport> exports =
        system.kube.resources(VolumeExport.class).list().getItems().stream()
            .filter(e -> e.getSpec().getVolume().equals("cinder-" + id))
            .toList();
    assertThat(exports).hasSize(1);
    VolumeExport export = exports.get(0);
    String secretName = export.getSpec().getChapSecret();
    assertThat(secretName).isNotNull();
    assertThat(export.getStatus().getAuthMethod()).isEqualTo("CHAP");
    assertThat(export.getStatus().getAuthSecret()).isEqualTo(secretName);
    Secret secret = system.kube.secrets().withName(secretName).get();
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "ebs-cinder-driver");

    assertThat(data.path("auth_method").asText()).isEqualTo("CHAP");
    assertThat(data.path("auth_username").asText())
        .isEqualTo(export.getStatus().getAuthUsername())
        .isEqualTo(decode(secret, "username"));
    assertThat(data.path("auth_password").asText()).isEqualTo(decode(secret, "password"));
    assertThat(data.path("auth_password").asText()).hasSizeGreaterThanOrEqualTo(12);
    assertThat(data.path("target_iqn").asText()).isEqualTo(export.getStatus().getTargetIqn());

    action(
        id,
        "os-terminate_connection",
        Map.of("connector", Map.of("initiator", initiator, "host", "compute-2")));
    assertThat(
            system
                .kube
                .resources(VolumeExport.class)
                .withName(export.getMetadata().getName())
                .get())
        .isNull();
    assertThat(system.kube.secrets().withName(secretName).get()).isNull();
  }

  private static String decode(Secret secret, String key) {
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return secret.getStringData().get(key);
    }
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }
}

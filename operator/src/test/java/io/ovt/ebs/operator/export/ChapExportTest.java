package io.ovt.ebs.operator.export;

import static io.ovt.ebs.operator.testing.TestCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.crds.volume.VolumeExportSpec;
import io.ovt.ebs.daemon.host.TargetSpec;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.nodeapi.DesiredExport.Chap;
import io.ovt.ebs.operator.testing.TestCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A VolumeExport with CHAP from a Secret: reported, enforced on the node, and kept in step. */
class ChapExportTest {
  private static final String CLIENT = "iqn.1993-08.org.debian:01:client";
  private static final String PORTAL = "10.0.251.21:3260";
  private static final String PASSWORD = "s3cret-s3cret-1";
  private TestCluster cluster;
  private SimulatedHost primary;
  private String iqn;

  @BeforeEach
  void start() {
    cluster = TestCluster.start();
    cluster.applyPair();
    cluster.volume("data", "1Gi", Provisioning.THIN);
    iqn = "iqn.2010-10.org.openstack:" + cluster.awaitReady("data").getStatus().getLocalName();
    primary = cluster.host("hci-0001@EBS");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aMissingSecretHoldsTheExportUntilItIsCreatedThenOnlyItsCredentialsLogIn() throws Exception {
    export("attach-1", "nova-chap");
    VolumeExport waiting = awaitExport("attach-1", "ChapSecretNotFound");
    assertThat(ready(waiting).getMessage())
        .contains("Secret nova-chap does not exist")
        .contains("username and password");
    assertThat(ready(waiting).getStatus()).isEqualTo("False");
    assertThat(primary.targets().list()).as("never exported without its CHAP").isEmpty();

    secret("nova-chap", "nova-compute", PASSWORD);
    VolumeExport ready = awaitExport("attach-1", "Exported");
    assertThat(ready.getStatus().getAuthMethod()).isEqualTo("CHAP");
    assertThat(ready.getStatus().getAuthUsername()).isEqualTo("nova-compute");
    assertThat(ready.getStatus().getAuthSecret()).isEqualTo("nova-chap");
    assertThat(ready.getStatus().getTargetIqn()).isEqualTo(iqn);
    assertThat(Serialization.asYaml(ready)).doesNotContain(PASSWORD);
    assertThatCode(
            () -> primary.iscsiLogin(iqn, PORTAL, CLIENT, new Chap("nova-compute", PASSWORD)))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                primary.iscsiLogin(iqn, PORTAL, CLIENT, new Chap("nova-compute", "wrong-one-123")))
        .hasMessageContaining("authorization failure");
    assertThatThrownBy(() -> primary.iscsiLogin(iqn, PORTAL, CLIENT, null))
        .hasMessageContaining("authorization failure");
  }

  @Test
  void aMalformedSecretIsReportedWithoutEchoingThePassword() throws Exception {
    secret("nova-chap", "nova-compute", "short-pw");
    export("attach-1", "nova-chap");
    VolumeExport invalid = awaitExport("attach-1", "InvalidChapSecret");
    assertThat(ready(invalid).getMessage())
        .contains("Secret nova-chap: password must be 12-64 characters")
        .doesNotContain("short-pw");
    assertThat(invalid.getStatus().getAuthMethod()).isNull();
    assertThat(primary.targets().list()).isEmpty();
  }

  @Test
  void aChangedSecretIsAppliedToTheTargetAgain() throws Exception {
    secret("nova-chap", "nova-compute", PASSWORD);
    export("attach-1", "nova-chap");
    awaitExport("attach-1", "Exported");
    String rotated = "r0tated-secret-2";
    secret("nova-chap", "nova-compute", rotated);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThatCode(
                        () ->
                            primary.iscsiLogin(
                                iqn, PORTAL, CLIENT, new Chap("nova-compute", rotated)))
                    .doesNotThrowAnyException());
    assertThatThrownBy(
            () -> primary.iscsiLogin(iqn, PORTAL, CLIENT, new Chap("nova-compute", PASSWORD)))
        .hasMessageContaining("authorization failure");

    secret("nova-chap", "cinder-user", rotated);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "cinder-user".equals(get("attach-1").getStatus().getAuthUsername()));
  }

  @Test
  void detachRemovesTheTargetAndReattachWithoutChapNeedsNoCredentials() throws Exception {
    secret("nova-chap", "nova-compute", PASSWORD);
    export("attach-1", "nova-chap");
    awaitExport("attach-1", "Exported");
    cluster.client.resources(VolumeExport.class).inNamespace(NS).withName("attach-1").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> get("attach-1") == null);
    assertThat(primary.targets().list()).isEmpty();

    export("attach-2", null);
    VolumeExport plain = awaitExport("attach-2", "Exported");
    assertThat(plain.getStatus().getAuthMethod()).isNull();
    assertThat(primary.targets().list()).extracting(TargetSpec::chap).containsOnlyNulls();
    assertThatCode(() -> primary.iscsiLogin(iqn, PORTAL, CLIENT, null)).doesNotThrowAnyException();
  }

  @Test
  void exportsOfAMultiAttachVolumeMustShareTheirChapSecret() {
    // The operator writes the volume's status meanwhile: retry an edit that lost the race.
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(
            () ->
                cluster
                    .client
                    .resources(io.ovt.ebs.crds.volume.Volume.class)
                    .inNamespace(NS)
                    .withName("data")
                    .edit(
                        v -> {
                          v.getSpec().setMultiAttach(true);
                          return v;
                        })
                    .getSpec()
                    .getMultiAttach());
    secret("nova-chap", "nova-compute", PASSWORD);
    export("attach-1", "nova-chap");
    awaitExport("attach-1", "Exported");
    export("attach-2", null);
    VolumeExport refused = awaitExport("attach-2", "ChapMismatch");
    assertThat(ready(refused).getMessage()).contains("export attach-1 uses Secret nova-chap");
  }

  private void secret(String name, String username, String password) {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .endMetadata()
            .withData(Map.of("username", base64(username), "password", base64(password)))
            .build();
    cluster.client.resource(secret).createOr(s -> s.update());
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private void export(String name, String chapSecret) {
    VolumeExport export = new VolumeExport();
    export.getMetadata().setName(name);
    export.getMetadata().setNamespace(NS);
    VolumeExportSpec spec = new VolumeExportSpec();
    spec.setVolume("data");
    spec.setInitiators(List.of(CLIENT));
    spec.setChapSecret(chapSecret);
    export.setSpec(spec);
    cluster.client.resource(export).create();
  }

  private VolumeExport get(String name) {
    return cluster.client.resources(VolumeExport.class).inNamespace(NS).withName(name).get();
  }

  private VolumeExport awaitExport(String name, String reason) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              VolumeExport e = get(name);
              return e != null
                  && e.getStatus() != null
                  && Conditions.find(e.getStatus(), ConditionType.Ready)
                      .map(c -> reason.equals(c.getReason()))
                      .orElse(false);
            });
    return get(name);
  }

  private static io.fabric8.kubernetes.api.model.Condition ready(VolumeExport export) {
    return Conditions.find(export.getStatus(), ConditionType.Ready).orElseThrow();
  }
}

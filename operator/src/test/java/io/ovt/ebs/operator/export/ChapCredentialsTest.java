package io.ovt.ebs.operator.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.crds.volume.VolumeExportSpec;
import io.ovt.ebs.nodeapi.DesiredExport.Chap;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading an export's CHAP Secret, and which exports of a volume one target can serve. */
class ChapCredentialsTest {
  private static Secret data(Map<String, String> values) {
    Map<String, String> encoded = new java.util.HashMap<>();
    values.forEach(
        (k, v) ->
            encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName("s")
        .endMetadata()
        .withData(encoded)
        .build();
  }

  private static ChapCredentials.Result read(Secret secret) {
    return ChapCredentials.of("s", name -> Optional.ofNullable(secret));
  }

  @Test
  void noSecretNamedIsNoChapAndAMissingOneSaysWhatToCreate() {
    assertThat(ChapCredentials.of(null, name -> Optional.empty()))
        .isInstanceOf(ChapCredentials.None.class);
    assertThat(read(null))
        .isInstanceOfSatisfying(
            ChapCredentials.Missing.class,
            m -> assertThat(m.message()).contains("Secret s does not exist").contains("username"));
  }

  @Test
  void credentialsComeFromDataOrStringData() {
    assertThat(read(data(Map.of("username", "nova", "password", "0123456789ab"))).chap())
        .isEqualTo(new Chap("nova", "0123456789ab"));
    Secret plain =
        new SecretBuilder()
            .withNewMetadata()
            .withName("s")
            .endMetadata()
            .withStringData(Map.of("username", "nova", "password", "0123456789ab"))
            .build();
    assertThat(read(plain).chap()).isEqualTo(new Chap("nova", "0123456789ab"));
  }

  @Test
  void malformedSecretsAreInvalidAndNeverQuoteThePassword() {
    assertThat(read(data(Map.of("username", "nova")))).isInstanceOf(ChapCredentials.Invalid.class);
    assertThat(read(data(Map.of("username", "no va", "password", "0123456789ab"))))
        .isInstanceOfSatisfying(
            ChapCredentials.Invalid.class,
            i -> assertThat(i.message()).contains("username must be"));
    assertThat(read(data(Map.of("username", "NULLuser", "password", "0123456789ab"))))
        .isInstanceOf(ChapCredentials.Invalid.class);
    for (String bad : List.of("short-pw", "has space in it!", "quote'quote'quote")) {
      assertThat(read(data(Map.of("username", "nova", "password", bad))))
          .isInstanceOfSatisfying(
              ChapCredentials.Invalid.class,
              i ->
                  assertThat(i.message())
                      .contains("password must be 12-64 characters")
                      .doesNotContain(bad));
    }
    Secret notBase64 =
        new SecretBuilder()
            .withNewMetadata()
            .withName("s")
            .endMetadata()
            .withData(Map.of("username", "bm92YQ==", "password", "%%%"))
            .build();
    assertThat(read(notBase64)).isInstanceOf(ChapCredentials.Invalid.class);
  }

  @Test
  void aTargetServesOnlyTheExportsNamingTheOldestExportsSecret() {
    VolumeExport first = export("a", "chap-1");
    VolumeExport same = export("b", "chap-1");
    VolumeExport none = export("c", null);
    assertThat(Exports.sameChap(List.of(first, same, none))).containsExactly(first, same);
    assertThat(Exports.sameChap(List.of(none, first))).containsExactly(none);
    assertThat(Exports.sameChap(List.of())).isEmpty();
  }

  private static VolumeExport export(String name, String secret) {
    VolumeExport export = new VolumeExport();
    export.getMetadata().setName(name);
    VolumeExportSpec spec = new VolumeExportSpec();
    spec.setVolume("v");
    spec.setInitiators(List.of("iqn.1993-08.org.debian:01:c"));
    spec.setChapSecret(secret);
    export.setSpec(spec);
    return export;
  }
}

package io.ovt.ebs.crds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRD YAML committed under crds/ is the one the build generates, and is complete. */
class CommittedCrdsTest {

  static Iterable<Class<? extends CustomResource<?, ?>>> kinds() {
    return EbsKinds.ALL;
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void committedYamlMatchesGenerated(Class<? extends CustomResource<?, ?>> kind)
      throws IOException {
    String generated = readGenerated(kind);
    Path committed = Path.of(CustomResource.getCRDName(kind) + ".yaml");
    assertThat(committed).as("committed CRD missing; run scripts/update-crds.sh").exists();
    assertThat(Files.readString(committed))
        .as("crds/%s is stale; run scripts/update-crds.sh and commit the result", committed)
        .isEqualTo(generated);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void everyKindIsListedByKubectlGetEbsWithColumnsAndStatus(
      Class<? extends CustomResource<?, ?>> kind) throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(readGenerated(kind), CustomResourceDefinition.class);
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly(Api.CATEGORY);
    assertThat(crd.getSpec().getNames().getShortNames()).isNotEmpty();
    var version = crd.getSpec().getVersions().get(0);
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .hasSizeGreaterThanOrEqualTo(3)
        .endsWith("Age");
  }

  private static String readGenerated(Class<? extends CustomResource<?, ?>> kind)
      throws IOException {
    try (InputStream in =
        CommittedCrdsTest.class.getClassLoader().getResourceAsStream(EbsKinds.crdResource(kind))) {
      assertThat(in).as("generated CRD of %s on the class path", kind.getSimpleName()).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

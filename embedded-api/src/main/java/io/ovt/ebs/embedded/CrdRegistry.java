package io.ovt.ebs.embedded;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ovt.ebs.crds.EbsKinds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CRDs: the EBS ones from the class path, and whatever is registered in the mock's store.
 *
 * <p>Discovery and tables read the store on each request, so a CRD created later (by a test or an
 * operator) is served like the built-in EBS ones.
 */
final class CrdRegistry {

  static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private final KubernetesCrudDispatcher store;
  private final KubernetesSerialization serialization;

  CrdRegistry(KubernetesCrudDispatcher store, KubernetesSerialization serialization) {
    this.store = store;
    this.serialization = serialization;
  }

  /** Loads the generated CRD YAML of every EBS kind from the class path. */
  static List<CustomResourceDefinition> ebsDefinitions(KubernetesSerialization serialization) {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (Class<? extends CustomResource<?, ?>> kind : EbsKinds.ALL) {
      String resource = EbsKinds.crdResource(kind);
      try (InputStream in = CrdRegistry.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("CRD " + resource + " is not on the class path");
        }
        crds.add(serialization.unmarshal(in, CustomResourceDefinition.class));
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + resource, e);
      }
    }
    return crds;
  }

  /** Every CRD currently stored. */
  List<CustomResourceDefinition> registered() {
    String body = store.handleGet(CRD_PATH).getBody().readUtf8();
    CrdList list = serialization.unmarshal(body, CrdList.class);
    return list.items() == null ? List.of() : list.items();
  }

  /** The served version of a custom resource, if a stored CRD defines it. */
  Optional<Served> find(String group, String version, String plural) {
    return registered().stream()
        .filter(c -> c.getSpec().getGroup().equals(group))
        .filter(c -> c.getSpec().getNames().getPlural().equals(plural))
        .flatMap(c -> servedVersions(c).stream().map(v -> new Served(c, v)))
        .filter(s -> s.version().getName().equals(version))
        .findFirst();
  }

  /** The versions of a CRD that are served. */
  static List<CustomResourceDefinitionVersion> servedVersions(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().stream()
        .filter(v -> !Boolean.FALSE.equals(v.getServed()))
        .toList();
  }

  /** A CRD with one of its served versions. */
  record Served(CustomResourceDefinition crd, CustomResourceDefinitionVersion version) {}

  /** The store's list answer; its kind is a plain {@code List}, so only items are read. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CrdList(List<CustomResourceDefinition> items) {}
}

package io.ovt.ebs.embedded;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Legacy (non-aggregated) discovery documents: {@code /api}, {@code /api/v1}, {@code /apis}, {@code
 * /apis/<group>} and {@code /apis/<group>/<version>}.
 *
 * <p>kubectl first asks for aggregated discovery; a plain APIGroupList answer with content type
 * {@code application/json} makes it fall back to fetching each group version.
 */
final class Discovery {

  private final CrdRegistry crds;

  Discovery(CrdRegistry crds) {
    this.crds = crds;
  }

  /** True for the paths this class answers (including those it answers with 404). */
  static boolean isDiscoveryPath(String path) {
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    if (parts.isEmpty()) {
      return false;
    }
    return (parts.get(0).equals("api") && parts.size() <= 2)
        || (parts.get(0).equals("apis") && parts.size() <= 3);
  }

  /** The discovery document at a path, or empty when the group or version is unknown. */
  Optional<KubernetesResource> answer(String path) {
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    Map<String, List<APIResource>> all = resourcesByGroupVersion();
    if (parts.get(0).equals("api")) {
      if (parts.size() == 1) {
        return Optional.of(new APIVersionsBuilder().withVersions("v1").build());
      }
      return resourceList(all, parts.get(1));
    }
    if (parts.size() == 1) {
      return Optional.of(new APIGroupListBuilder().withGroups(groups(all)).build());
    }
    if (parts.size() == 2) {
      return groups(all).stream()
          .filter(g -> g.getName().equals(parts.get(1)))
          .findFirst()
          .map(KubernetesResource.class::cast);
    }
    return resourceList(all, parts.get(1) + "/" + parts.get(2));
  }

  private static Optional<KubernetesResource> resourceList(
      Map<String, List<APIResource>> all, String groupVersion) {
    List<APIResource> resources = all.get(groupVersion);
    if (resources == null) {
      return Optional.empty();
    }
    return Optional.of(
        new APIResourceListBuilder()
            .withGroupVersion(groupVersion)
            .withResources(resources)
            .build());
  }

  /** Every group version with its resources: built-ins first, then the stored CRDs. */
  Map<String, List<APIResource>> resourcesByGroupVersion() {
    Map<String, List<APIResource>> all = BuiltInResources.byGroupVersion();
    for (CustomResourceDefinition crd : crds.registered()) {
      for (CustomResourceDefinitionVersion version : CrdRegistry.servedVersions(crd)) {
        String groupVersion = crd.getSpec().getGroup() + "/" + version.getName();
        all.computeIfAbsent(groupVersion, k -> new ArrayList<>()).addAll(resourcesOf(crd, version));
      }
    }
    return all;
  }

  private static List<APIResource> resourcesOf(
      CustomResourceDefinition crd, CustomResourceDefinitionVersion version) {
    CustomResourceDefinitionNames names = crd.getSpec().getNames();
    boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
    List<APIResource> result = new ArrayList<>();
    result.add(
        new APIResourceBuilder()
            .withName(names.getPlural())
            .withSingularName(singular(names))
            .withKind(names.getKind())
            .withNamespaced(namespaced)
            .withVerbs(BuiltInResources.ALL_VERBS)
            .withShortNames(names.getShortNames())
            .withCategories(names.getCategories())
            .build());
    if (version.getSubresources() != null && version.getSubresources().getStatus() != null) {
      result.add(BuiltInResources.statusOf(names.getPlural(), names.getKind(), namespaced));
    }
    return result;
  }

  private static String singular(CustomResourceDefinitionNames names) {
    String singular = names.getSingular();
    return singular == null || singular.isEmpty()
        ? names.getKind().toLowerCase(java.util.Locale.ROOT)
        : singular;
  }

  private static List<APIGroup> groups(Map<String, List<APIResource>> all) {
    Map<String, List<GroupVersionForDiscovery>> versions = new LinkedHashMap<>();
    for (String groupVersion : all.keySet()) {
      int slash = groupVersion.indexOf('/');
      if (slash < 0) {
        continue; // the core group is served under /api, not listed in /apis
      }
      versions
          .computeIfAbsent(groupVersion.substring(0, slash), k -> new ArrayList<>())
          .add(new GroupVersionForDiscovery(groupVersion, groupVersion.substring(slash + 1)));
    }
    List<APIGroup> groups = new ArrayList<>();
    versions.forEach(
        (name, list) ->
            groups.add(
                new APIGroupBuilder()
                    .withName(name)
                    .withVersions(list)
                    .withPreferredVersion(list.get(0))
                    .build()));
    return groups;
  }
}

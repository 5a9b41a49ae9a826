package io.ovt.ebs.embedded;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in resources the embedded API advertises: what an operator and kubectl touch.
 *
 * <p>The CRUD store accepts any path; this list only decides what discovery (and so kubectl) knows.
 */
final class BuiltInResources {

  static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  static final List<String> STATUS_VERBS = List.of("get", "patch", "update");
  private static final List<String> CREATE_ONLY = List.of("create");

  /** One advertised resource; group is empty for the core group. */
  record Resource(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      List<String> verbs,
      List<String> shortNames,
      List<String> categories) {

    String groupVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }

    APIResource toApiResource() {
      return new APIResourceBuilder()
          .withName(plural)
          .withSingularName(kind.toLowerCase(java.util.Locale.ROOT))
          .withKind(kind)
          .withNamespaced(namespaced)
          .withVerbs(verbs)
          .withShortNames(shortNames)
          .withCategories(categories)
          .build();
    }
  }

  static final List<Resource> RESOURCES =
      List.of(
          crud("", "namespaces", "Namespace", false, List.of("ns")),
          crud("", "events", "Event", true, List.of("ev")),
          crud("", "secrets", "Secret", true, List.of()),
          crud("", "configmaps", "ConfigMap", true, List.of("cm")),
          all("", "services", "Service", List.of("svc")),
          all("", "pods", "Pod", List.of("po")),
          crud("", "serviceaccounts", "ServiceAccount", true, List.of("sa")),
          crud("", "endpoints", "Endpoints", true, List.of("ep")),
          crud("", "nodes", "Node", false, List.of("no")),
          crud("", "persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc")),
          crud("", "persistentvolumes", "PersistentVolume", false, List.of("pv")),
          all("apps", "deployments", "Deployment", List.of("deploy")),
          all("apps", "statefulsets", "StatefulSet", List.of("sts")),
          all("apps", "daemonsets", "DaemonSet", List.of("ds")),
          crud("coordination.k8s.io", "leases", "Lease", true, List.of()),
          crud("events.k8s.io", "events", "Event", true, List.of("ev")),
          review("selfsubjectaccessreviews", "SelfSubjectAccessReview", false),
          review("selfsubjectrulesreviews", "SelfSubjectRulesReview", false),
          review("subjectaccessreviews", "SubjectAccessReview", false),
          review("localsubjectaccessreviews", "LocalSubjectAccessReview", true),
          crud(
              "apiextensions.k8s.io",
              "customresourcedefinitions",
              "CustomResourceDefinition",
              false,
              List.of("crd", "crds")));

  private BuiltInResources() {}

  /** Resources per group/version, in the order groups are listed. */
  static Map<String, List<APIResource>> byGroupVersion() {
    Map<String, List<APIResource>> result = new LinkedHashMap<>();
    for (Resource r : RESOURCES) {
      List<APIResource> list = result.computeIfAbsent(r.groupVersion(), k -> new ArrayList<>());
      list.add(r.toApiResource());
      if (r.kind().equals("CustomResourceDefinition")) {
        list.add(statusOf(r.plural(), r.kind(), r.namespaced()));
      }
    }
    return result;
  }

  /** The {@code <plural>/status} subresource entry. */
  static APIResource statusOf(String plural, String kind, boolean namespaced) {
    return new APIResourceBuilder()
        .withName(plural + "/status")
        .withSingularName("")
        .withKind(kind)
        .withNamespaced(namespaced)
        .withVerbs(STATUS_VERBS)
        .build();
  }

  private static Resource crud(
      String group, String plural, String kind, boolean namespaced, List<String> shortNames) {
    return new Resource(
        group, "v1", plural, kind, namespaced, ALL_VERBS, shortNames, List.<String>of());
  }

  private static Resource all(String group, String plural, String kind, List<String> shortNames) {
    return new Resource(group, "v1", plural, kind, true, ALL_VERBS, shortNames, List.of("all"));
  }

  private static Resource review(String plural, String kind, boolean namespaced) {
    return new Resource(
        "authorization.k8s.io",
        "v1",
        plural,
        kind,
        namespaced,
        CREATE_ONLY,
        List.<String>of(),
        List.<String>of());
  }
}

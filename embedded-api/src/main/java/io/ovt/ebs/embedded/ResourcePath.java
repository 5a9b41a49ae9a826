package io.ovt.ebs.embedded;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A request path split into group, version, namespace, resource, name and subresource.
 *
 * @param group API group, empty for the core group
 * @param version API version
 * @param namespace namespace, or null for cluster-scoped or all-namespace requests
 * @param plural resource name (plural)
 * @param name object name, or null for a collection
 * @param subresource subresource such as {@code status}, or null
 */
record ResourcePath(
    String group,
    String version,
    String namespace,
    String plural,
    String name,
    String subresource) {

  /** Parses a path without its query string; empty for discovery and other non-resource paths. */
  static Optional<ResourcePath> parse(String path) {
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    int rest;
    String group;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      rest = 2;
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      rest = 3;
    } else {
      return Optional.empty();
    }
    String version = parts.get(rest - 1);
    List<String> tail = parts.subList(rest, parts.size());
    String namespace = null;
    // namespaces/<ns>/<plural>...; "namespaces" or "namespaces/<ns>" alone are the namespace kind
    if (tail.size() >= 3 && tail.get(0).equals("namespaces")) {
      namespace = tail.get(1);
      tail = tail.subList(2, tail.size());
    }
    return Optional.of(
        new ResourcePath(
            group,
            version,
            namespace,
            tail.get(0),
            tail.size() > 1 ? tail.get(1) : null,
            tail.size() > 2 ? tail.get(2) : null));
  }

  /** Strips the query string (and fragment) from a request target. */
  static String withoutQuery(String target) {
    int q = target.indexOf('?');
    int h = target.indexOf('#');
    int end = q < 0 ? h : h < 0 ? q : Math.min(q, h);
    return end < 0 ? target : target.substring(0, end);
  }

  /** The {@code group/version} form, or just the version for the core group. */
  String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The {@code plural.group} form kubectl prints in messages. */
  String qualifiedResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }
}

package io.ovt.ebs.embedded;

import java.util.Locale;
import java.util.Optional;

/**
 * One kind of API call as RBAC names it: API group, resource (with its subresource, e.g. {@code
 * volumes/status}) and verb.
 *
 * @param group API group, empty for the core group
 * @param resource plural resource name, {@code plural/subresource} for a subresource
 * @param verb RBAC verb: get, list, watch, create, update, patch, delete or deletecollection
 */
public record ApiAccess(String group, String resource, String verb) {

  /** The access a request is, or empty for discovery and other non-resource paths. */
  static Optional<ApiAccess> of(String method, String path, String query) {
    return ResourcePath.parse(path)
        .map(
            p -> {
              String resource =
                  p.subresource() == null ? p.plural() : p.plural() + "/" + p.subresource();
              return new ApiAccess(p.group(), resource, verb(method, p.name() != null, query));
            });
  }

  private static String verb(String method, boolean named, String query) {
    return switch (method.toUpperCase(Locale.ROOT)) {
      case "GET" -> named ? "get" : watching(query) ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> method.toLowerCase(Locale.ROOT);
    };
  }

  private static boolean watching(String query) {
    return query.contains("watch=true") || query.contains("watch=1");
  }
}

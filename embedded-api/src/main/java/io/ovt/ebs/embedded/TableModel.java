package io.ovt.ebs.embedded;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The meta.k8s.io/v1 Table types kubectl asks for with {@code as=Table}; Fabric8 has no model
 * classes for them.
 */
final class TableModel {

  static final String API_VERSION = "meta.k8s.io/v1";

  private TableModel() {}

  /** A server-side table. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Table(
      String apiVersion,
      String kind,
      ListMetadata metadata,
      List<ColumnDefinition> columnDefinitions,
      List<Row> rows) {

    Table(String resourceVersion, List<ColumnDefinition> columns, List<Row> rows) {
      this(API_VERSION, "Table", new ListMetadata(resourceVersion), columns, rows);
    }
  }

  /** The list metadata of a table. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ListMetadata(String resourceVersion) {}

  /** One column: name, OpenAPI type, format ({@code name} for the name column), priority. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ColumnDefinition(
      String name, String type, String format, String description, int priority) {}

  /** One row; a cell is null when the column's path found nothing ({@code <none>}). */
  record Row(List<Object> cells, PartialObjectMetadata object) {}

  /** What a row carries of its object by default: its metadata. */
  record PartialObjectMetadata(String apiVersion, String kind, JsonNode metadata) {
    PartialObjectMetadata(JsonNode metadata) {
      this(API_VERSION, "PartialObjectMetadata", metadata);
    }
  }
}

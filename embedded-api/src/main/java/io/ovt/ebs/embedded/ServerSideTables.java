package io.ovt.ebs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import io.ovt.ebs.embedded.TableModel.ColumnDefinition;
import io.ovt.ebs.embedded.TableModel.PartialObjectMetadata;
import io.ovt.ebs.embedded.TableModel.Row;
import io.ovt.ebs.embedded.TableModel.Table;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a stored object or list into a Table the way the API server does for a CRD: a NAME column,
 * then the CRD's additionalPrinterColumns; NAME and AGE for everything else.
 */
final class ServerSideTables {

  private static final ColumnDefinition NAME =
      new ColumnDefinition("Name", "string", "name", "Name must be unique within a namespace.", 0);
  private static final CustomResourceColumnDefinition AGE =
      new CustomResourceColumnDefinitionBuilder()
          .withName("Age")
          .withType("date")
          .withJsonPath(".metadata.creationTimestamp")
          .withDescription("CreationTimestamp is the time the object was created.")
          .build();

  private final Clock clock;

  ServerSideTables(Clock clock) {
    this.clock = clock;
  }

  /** True when an Accept header asks for a Table. */
  static boolean wantsTable(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  /**
   * The table of a stored object or list.
   *
   * @param body the object, or a list with {@code items}
   * @param columns the CRD's printer columns, or null for NAME and AGE
   */
  Table render(JsonNode body, List<CustomResourceColumnDefinition> columns) {
    List<CustomResourceColumnDefinition> printed = columns == null ? List.of(AGE) : columns;
    List<JsonPathSubset> paths =
        printed.stream().map(c -> JsonPathSubset.parse(c.getJsonPath())).toList();
    List<ColumnDefinition> definitions = new ArrayList<>();
    definitions.add(NAME);
    printed.forEach(c -> definitions.add(definitionOf(c)));

    List<JsonNode> objects = new ArrayList<>();
    if (body.has("items")) {
      body.get("items").forEach(objects::add);
    } else {
      objects.add(body);
    }
    Instant now = clock.instant();
    List<Row> rows = new ArrayList<>();
    for (JsonNode object : objects) {
      List<Object> cells = new ArrayList<>();
      cells.add(object.path("metadata").path("name").asText());
      for (int i = 0; i < printed.size(); i++) {
        cells.add(cell(printed.get(i).getType(), paths.get(i).evaluate(object), now));
      }
      rows.add(new Row(cells, new PartialObjectMetadata(object.path("metadata"))));
    }
    String resourceVersion = body.path("metadata").path("resourceVersion").asText(null);
    return new Table(resourceVersion, definitions, rows);
  }

  private static ColumnDefinition definitionOf(CustomResourceColumnDefinition c) {
    return new ColumnDefinition(
        c.getName(),
        c.getType(),
        c.getFormat(),
        c.getDescription() == null ? "" : c.getDescription(),
        c.getPriority() == null ? 0 : c.getPriority());
  }

  /** One cell, typed as the apiextensions server types it; null prints as {@code <none>}. */
  static Object cell(String type, List<JsonNode> results, Instant now) {
    if (results.isEmpty() || (results.size() == 1 && results.get(0).isNull())) {
      return null;
    }
    if (results.size() > 1) {
      return results.stream().map(ServerSideTables::text).collect(Collectors.joining(" "));
    }
    JsonNode value = results.get(0);
    return switch (type == null ? "string" : type) {
      case "integer" -> value.isNumber() ? (Object) value.asLong() : null;
      case "number" -> value.isNumber() ? value.numberValue() : null;
      case "boolean" -> value.isBoolean() ? value.booleanValue() : null;
      case "date" -> value.isTextual() ? age(value.asText(), now) : null;
      default -> text(value);
    };
  }

  private static String age(String timestamp, Instant now) {
    try {
      return KubectlAge.since(Instant.parse(timestamp), now);
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }

  /** Text as kubectl's JSONPath printer writes it: scalars bare, objects and arrays as JSON. */
  static String text(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isNumber()) {
      return value.decimalValue().stripTrailingZeros().toPlainString();
    }
    if (value.isValueNode()) {
      return value.asText();
    }
    return value.toString();
  }
}

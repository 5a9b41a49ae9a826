package io.ovt.ebs.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The JSONPath subset printer columns use: {@code .a.b}, {@code [0]}, {@code [*]}, filters. */
// Hand-written: the mock server has no Table support, so nothing else evaluates these paths.
public final class JsonPathSubset {

  private sealed interface Step permits Field, Index, Wildcard, Filter {}

  private record Field(String name) implements Step {}

  private record Index(int index) implements Step {}

  private record Wildcard() implements Step {}

  private record Filter(JsonPathSubset path, boolean equal, String literal) implements Step {}

  private final String expression;
  private final List<Step> steps;

  private JsonPathSubset(String expression, List<Step> steps) {
    this.expression = expression;
    this.steps = steps;
  }

  /** Parses an expression; a surrounding {@code {...}} as kubectl writes it is accepted. */
  public static JsonPathSubset parse(String expression) {
    String text = expression.trim();
    if (text.startsWith("{") && text.endsWith("}")) {
      text = text.substring(1, text.length() - 1).trim();
    }
    if (text.startsWith("$")) {
      text = text.substring(1);
    }
    return new JsonPathSubset(expression, new Parser(expression, text).steps());
  }

  /** Every value the path reaches from the root, in document order; empty when none. */
  public List<JsonNode> evaluate(JsonNode root) {
    List<JsonNode> current = List.of(root);
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        apply(step, node, next);
      }
      current = next;
    }
    return current;
  }

  @Override
  public String toString() {
    return expression;
  }

  private static void apply(Step step, JsonNode node, List<JsonNode> out) {
    if (step instanceof Field field) {
      JsonNode child = node.isObject() ? node.get(field.name()) : null;
      if (child != null) {
        out.add(child);
      }
    } else if (step instanceof Index index) {
      int size = node.isArray() ? node.size() : 0;
      int at = index.index() < 0 ? size + index.index() : index.index();
      if (at >= 0 && at < size) {
        out.add(node.get(at));
      }
    } else if (step instanceof Wildcard) {
      node.elements().forEachRemaining(out::add);
    } else if (step instanceof Filter filter && node.isArray()) {
      node.elements().forEachRemaining(e -> addIfMatches(filter, e, out));
    }
  }

  private static void addIfMatches(Filter filter, JsonNode element, List<JsonNode> out) {
    boolean found =
        filter.path().evaluate(element).stream()
            .anyMatch(v -> v.isValueNode() && v.asText().equals(filter.literal()));
    if (found == filter.equal()) {
      out.add(element);
    }
  }

  /** A recursive-descent parser over the expression text. */
  private static final class Parser {
    private final String original;
    private final String text;
    private int pos;

    Parser(String original, String text) {
      this.original = original;
      this.text = text;
    }

    List<Step> steps() {
      List<Step> steps = new ArrayList<>();
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '.') {
          pos++;
          steps.add(new Field(name()));
        } else if (c == '[') {
          steps.add(bracket());
        } else {
          throw error("expected '.' or '['");
        }
      }
      return List.copyOf(steps);
    }

    private String name() {
      int start = pos;
      while (pos < text.length() && ".[]()=!\"' ".indexOf(text.charAt(pos)) < 0) {
        pos++;
      }
      if (start == pos) {
        throw error("expected a field name");
      }
      return text.substring(start, pos);
    }

    private Step bracket() {
      int close = text.indexOf(']', pos);
      if (text.startsWith("[?(", pos)) {
        return filter();
      }
      if (close < 0) {
        throw error("missing ']'");
      }
      String inside = text.substring(pos + 1, close).trim();
      pos = close + 1;
      if (inside.equals("*")) {
        return new Wildcard();
      }
      if ((inside.startsWith("'") || inside.startsWith("\"")) && inside.length() >= 2) {
        return new Field(inside.substring(1, inside.length() - 1));
      }
      try {
        return new Index(Integer.parseInt(inside));
      } catch (NumberFormatException e) {
        throw error("unsupported index [" + inside + "]");
      }
    }

    private Step filter() {
      pos += 3;
      if (!text.startsWith("@", pos)) {
        throw error("a filter must start with @");
      }
      int opAt = indexOfOperator();
      String sub = text.substring(pos + 1, opAt).trim();
      boolean equal = text.charAt(opAt) == '=';
      pos = opAt + 2;
      String literal = literal();
      if (!text.startsWith(")]", pos)) {
        throw error("expected ')]' after the filter");
      }
      pos += 2;
      return new Filter(new JsonPathSubset(sub, new Parser(original, sub).steps()), equal, literal);
    }

    private int indexOfOperator() {
      int eq = text.indexOf("==", pos);
      int ne = text.indexOf("!=", pos);
      int at = eq < 0 ? ne : ne < 0 ? eq : Math.min(eq, ne);
      if (at < 0) {
        throw error("a filter needs == or !=");
      }
      return at;
    }

    private String literal() {
      while (pos < text.length() && text.charAt(pos) == ' ') {
        pos++;
      }
      if (pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '\'')) {
        char quote = text.charAt(pos);
        int end = text.indexOf(quote, pos + 1);
        if (end < 0) {
          throw error("unterminated string");
        }
        String value = text.substring(pos + 1, end);
        pos = end + 1;
        return value;
      }
      int start = pos;
      while (pos < text.length() && text.charAt(pos) != ')') {
        pos++;
      }
      return text.substring(start, pos).trim();
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(
          "JSONPath '" + original + "': " + what + " at position " + pos);
    }
  }
}

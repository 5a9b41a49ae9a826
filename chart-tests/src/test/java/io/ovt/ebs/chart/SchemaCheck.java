package io.ovt.ebs.chart;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What in a rendered object the Kubernetes schema does not know: Fabric8's model classes are the
 * API's types, and whatever Jackson could not bind to one of their fields lands in an {@code
 * additionalProperties} map (a misspelled field, a field at the wrong level). A kind the model does
 * not know at all stays generic. Hand-written because no validator of the API's OpenAPI schemas is
 * in the libraries here.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  /** The paths of unknown fields, and the object itself if its kind is unknown; empty if clean. */
  static List<String> problems(HasMetadata object) {
    List<String> found = new ArrayList<>();
    String name = object.getKind() + "/" + object.getMetadata().getName();
    if (object instanceof GenericKubernetesResource) {
      found.add(name + ": unknown kind " + object.getApiVersion() + " " + object.getKind());
      return found;
    }
    walk(object, name, found);
    return found;
  }

  private static void walk(Object value, String path, List<String> found) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", found);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, found));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return; // strings, numbers, IntOrString's value, Quantity's amount
    }
    try {
      for (PropertyDescriptor p :
          Introspector.getBeanInfo(value.getClass()).getPropertyDescriptors()) {
        if (p.getReadMethod() == null || p.getName().equals("class")) {
          continue;
        }
        Object field = p.getReadMethod().invoke(value);
        if (p.getName().equals("additionalProperties")) {
          if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
            extra.keySet().forEach(k -> found.add(path + "." + k + ": not in the schema"));
          }
        } else {
          walk(field, path + "." + p.getName(), found);
        }
      }
    } catch (IntrospectionException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot inspect " + value.getClass(), e);
    }
  }
}

package io.ovt.ebs.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonPathSubsetTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonNode doc =
      read(
          """
          {"metadata": {"name": "vol-1", "labels": {"ebs.ovt.io/project": "p1"}},
           "spec": {"size": "10Gi", "nodes": ["hci-0001", "hci-0002"]},
           "status": {"drbd": {"minor": 1000},
                      "conditions": [
                        {"type": "Synced", "status": "False"},
                        {"type": "Ready", "status": "True", "reason": "Ok"}]}}
          """);

  @Test
  void dottedPaths() {
    assertThat(texts(".spec.size")).containsExactly("10Gi");
    assertThat(texts(".status.drbd.minor")).containsExactly("1000");
    assertThat(texts("{.metadata.name}")).containsExactly("vol-1");
    assertThat(texts("$.metadata.name")).containsExactly("vol-1");
  }

  @Test
  void missingFieldsGiveNothing() {
    assertThat(texts(".status.state")).isEmpty();
    assertThat(texts(".spec.size.nothing")).isEmpty();
    assertThat(texts(".spec.nodes[5]")).isEmpty();
  }

  @Test
  void arrayIndexAndWildcard() {
    assertThat(texts(".spec.nodes[0]")).containsExactly("hci-0001");
    assertThat(texts(".spec.nodes[-1]")).containsExactly("hci-0002");
    assertThat(texts(".spec.nodes[*]")).containsExactly("hci-0001", "hci-0002");
    assertThat(texts(".status.conditions[1].reason")).containsExactly("Ok");
  }

  @Test
  void quotedFieldNames() {
    assertThat(texts(".metadata.labels['ebs.ovt.io/project']")).containsExactly("p1");
  }

  @Test
  void filtersSelectArrayElements() {
    assertThat(texts(".status.conditions[?(@.type==\"Ready\")].status")).containsExactly("True");
    assertThat(texts(".status.conditions[?(@.type=='Synced')].status")).containsExactly("False");
    assertThat(texts(".status.conditions[?(@.type!=\"Ready\")].type")).containsExactly("Synced");
    assertThat(texts(".status.conditions[?(@.type==\"Missing\")].status")).isEmpty();
  }

  @Test
  void everyCrdColumnPathParses() {
    CrdRegistry.ebsDefinitions(new io.fabric8.kubernetes.client.utils.KubernetesSerialization())
        .forEach(
            crd ->
                crd.getSpec().getVersions().stream()
                    .flatMap(v -> v.getAdditionalPrinterColumns().stream())
                    .forEach(c -> JsonPathSubset.parse(c.getJsonPath()).evaluate(doc)));
  }

  @Test
  void rejectsWhatItDoesNotSupport() {
    assertThatThrownBy(() -> JsonPathSubset.parse(".a[?(@.b>1)]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("== or !=");
    assertThatThrownBy(() -> JsonPathSubset.parse("spec"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonPathSubset.parse(".a[1:2]"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private List<String> texts(String path) {
    return JsonPathSubset.parse(path).evaluate(doc).stream().map(JsonNode::asText).toList();
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}

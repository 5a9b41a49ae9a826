package io.ovt.ebs.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ovt.ebs.embedded.TableModel.ColumnDefinition;
import io.ovt.ebs.embedded.TableModel.Table;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSideTablesTest {

  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final Clock fiveMinutesLater =
      Clock.fixed(Instant.parse("2026-01-01T00:05:00Z"), ZoneOffset.UTC);

  @Test
  void volumeTableHasNameThenPrinterColumnsTypedLikeTheApiServer() {
    JsonNode list =
        json(
            """
            {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": "42"},
             "items": [{"metadata": {"name": "vol-1", "namespace": "default",
                                     "creationTimestamp": "2026-01-01T00:00:00Z"},
                        "spec": {"size": "10Gi", "provisioning": "thin"},
                        "status": {"state": "Available", "primaryNode": "hci-0001",
                                   "drbd": {"minor": 1000, "port": 7001},
                                   "syncPercent": 99.5}}]}
            """);

    Table table = new ServerSideTables(fiveMinutesLater).render(list, columnsOf("volumes"));

    assertThat(table.kind()).isEqualTo("Table");
    assertThat(table.apiVersion()).isEqualTo("meta.k8s.io/v1");
    assertThat(table.metadata().resourceVersion()).isEqualTo("42");
    assertThat(table.columnDefinitions())
        .extracting(ColumnDefinition::name)
        .containsExactly(
            "Name",
            "Size",
            "Provisioning",
            "Status",
            "Primary",
            "Secondary",
            "Minor",
            "Port",
            "Replication",
            "Sync",
            "Age");
    assertThat(table.columnDefinitions().get(0).format()).isEqualTo("name");
    assertThat(table.rows()).hasSize(1);
    assertThat(table.rows().get(0).cells())
        .containsExactly(
            "vol-1", "10Gi", "thin", "Available", "hci-0001", null, 1000L, 7001L, null, 99.5, "5m");
    assertThat(table.rows().get(0).object().metadata().path("namespace").asText())
        .isEqualTo("default");
  }

  @Test
  void readyColumnUsesTheConditionFilter() {
    JsonNode pair =
        json(
            """
            {"metadata": {"name": "pair-a", "creationTimestamp": "2026-01-01T00:04:58Z"},
             "spec": {"nodes": ["hci-0001", "hci-0002"], "mode": "full-sync"},
             "status": {"conditions": [{"type": "Ready", "status": "True"}]}}
            """);

    Table table =
        new ServerSideTables(fiveMinutesLater).render(pair, columnsOf("replicationpairs"));

    assertThat(table.rows().get(0).cells())
        .containsExactly(
            "pair-a",
            "[\"hci-0001\",\"hci-0002\"]",
            "full-sync",
            null,
            null,
            null,
            null,
            "True",
            "2s");
  }

  @Test
  void otherKindsGetNameAndAge() {
    JsonNode namespace =
        json("{\"metadata\": {\"name\": \"default\", \"creationTimestamp\": \"nonsense\"}}");

    Table table = new ServerSideTables(fiveMinutesLater).render(namespace, null);

    assertThat(table.columnDefinitions())
        .extracting(ColumnDefinition::name)
        .containsExactly("Name", "Age");
    assertThat(table.rows().get(0).cells()).containsExactly("default", "<invalid>");
  }

  @Test
  void severalResultsAreJoinedAndNumbersPrintPlainInStringColumns() {
    List<JsonNode> results = List.of(json("1.0"), json("\"b\""), json("true"));
    assertThat(ServerSideTables.cell("string", results, Instant.EPOCH)).isEqualTo("1 b true");
    assertThat(ServerSideTables.cell("integer", List.of(json("\"x\"")), Instant.EPOCH)).isNull();
    assertThat(ServerSideTables.cell("boolean", List.of(json("false")), Instant.EPOCH))
        .isEqualTo(false);
  }

  @Test
  void wantsTableReadsKubectlsAcceptHeader() {
    assertThat(
            ServerSideTables.wantsTable(
                "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"))
        .isTrue();
    assertThat(ServerSideTables.wantsTable("application/json")).isFalse();
    assertThat(ServerSideTables.wantsTable(null)).isFalse();
  }

  private List<CustomResourceColumnDefinition> columnsOf(String plural) {
    CustomResourceDefinition crd =
        CrdRegistry.ebsDefinitions(serialization).stream()
            .filter(c -> c.getSpec().getNames().getPlural().equals(plural))
            .findFirst()
            .orElseThrow();
    return crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
  }

  private JsonNode json(String text) {
    return serialization.unmarshal(text, JsonNode.class);
  }
}

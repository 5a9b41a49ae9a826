package io.ovt.ebs.cinderdriver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovt.ebs.crds.volume.VolumeExport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Attach and detach as Nova calls them ({@code os-initialize_connection}, {@code
 * os-terminate_connection} over REST) through Debian's real Cinder with the driver: the answer is
 * the VolumeExport's target with every portal for multipath.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealCinderDriverConnectionTest extends RealCinderDriverTestBase {

  @Test
  @Order(1)
  void initializeConnectionReturnsTheTargetOfTheVolumeExport() throws Exception {
    String id = create("attached", "--size", "1");
    String initiator = "iqn.1993-08.org.debian:01:compute-1";
    JsonNode answer =
        action(
            id,
            "os-initialize_connection",
            Map.of(
                "connector",
                Map.of(
                    "initiator",
                    initiator,
                    "ip",
                    "10.0.251.31",
                    "host",
                    "compute-1",
                    "multipath",
                    true,
                    "platform",
                    "x86_64",
                    "os_type",
                    "linux2")));
    JsonNode info = answer.path("connection_info");
    assertThat(info.path("driver_volume_type").asText()).isEqualTo("iscsi");
    JsonNode data = info.path("data");

    List<VolumeExport> exports =
        system.kube.resources(VolumeExport.class).list().getItems().stream()
            .filter(e -> e.getSpec().getVolume().equals("cinder-" + id))
            .toList();
    assertThat(exports).hasSize(1);
    VolumeExport export = exports.get(0);
    assertThat(export.getSpec().getInitiators()).containsExactly(initiator);
    assertThat(data.path("target_iqn").asText()).isEqualTo(export.getStatus().getTargetIqn());
    assertThat(data.path("target_lun").asInt()).isEqualTo(export.getStatus().getTargetLun());
    assertThat(export.getStatus().getTargetPortals())
        .containsExactly("10.0.251.21:3260", "10.0.252.21:3260");
    assertThat(data.path("target_portal").asText()).isEqualTo("10.0.251.21:3260");
    assertThat(strings(data.path("target_portals")))
        .isEqualTo(export.getStatus().getTargetPortals());
    assertThat(strings(data.path("target_iqns")))
        .containsOnly(export.getStatus().getTargetIqn())
        .hasSize(2);
    assertThat(data.path("target_luns")).hasSize(2);
    assertThat(data.has("auth_method")).isFalse();

    action(
        id,
        "os-terminate_connection",
        Map.of("connector", Map.of("initiator", initiator, "host", "compute-1")));
    assertThat(
            system
                .kube
                .resources(VolumeExport.class)
                .withName(export.getMetadata().getName())
                .get())
        .isNull();
    cinder.openstack("volume", "delete", id);
    awaitGone(id);
  }
}

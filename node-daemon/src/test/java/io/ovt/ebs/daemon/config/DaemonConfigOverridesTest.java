package io.ovt.ebs.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/** One configuration for every node of a DaemonSet, with the per-host values from the command. */
class DaemonConfigOverridesTest {
  private static final String SHARED =
      String.join(
          "\n",
          "backendId: placeholder@EBS",
          "tokenFile: /etc/ebs/token/token",
          "host:",
          "  type: real",
          "  volumeGroup: volumes",
          "  thinPool: pool",
          "  replicationAddress: 127.0.0.1",
          "");

  private static DaemonConfig shared() throws Exception {
    return new ObjectMapper(new YAMLFactory())
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .readValue(SHARED, DaemonConfig.class);
  }

  @Test
  void thePodsValuesReplaceTheSharedOnesAndTheRestIsKept() throws Exception {
    DaemonConfig node = shared().overriding("worker-2@EBS", "worker-2", "10.0.10.22");

    assertThat(node.backendId()).isEqualTo("worker-2@EBS");
    assertThat(node.host().hostname()).isEqualTo("worker-2");
    assertThat(node.host().replicationAddress()).isEqualTo("10.0.10.22");
    assertThat(node.host().thinPool()).isEqualTo("pool");
    assertThat(node.tokenFile()).isEqualTo(shared().tokenFile());
    assertThat(NodeDaemonMain.layout(node).hostname()).isEqualTo("worker-2");
  }

  @Test
  void nothingGivenChangesNothing() throws Exception {
    assertThat(shared().overriding(null, null, null)).isEqualTo(shared());
  }

  @Test
  void anOverrideIsValidatedLikeTheFile() throws Exception {
    assertThatThrownBy(() -> NodeDaemonMain.layout(shared().overriding("worker 2", null, null)))
        .hasMessageContaining("backendId");
    assertThatThrownBy(
            () -> NodeDaemonMain.layout(shared().overriding(null, null, "10.0.10.22; reboot")))
        .hasMessageContaining("replicationAddress");
  }
}

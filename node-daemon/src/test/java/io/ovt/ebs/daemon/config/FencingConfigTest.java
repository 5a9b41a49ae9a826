package io.ovt.ebs.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ovt.ebs.daemon.fencing.FencingSettings;
import io.ovt.ebs.daemon.fencing.LeaseFile;
import io.ovt.ebs.nodeapi.HostType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where the fencing lease is recorded follows the configuration's state directory. */
class FencingConfigTest {
  private static DaemonConfig config(HostType type, String stateDir) throws Exception {
    String yaml =
        String.join(
            "\n",
            "backendId: hci-0001@EBS",
            "tokenFile: /etc/ebs/node-token",
            stateDir == null ? "" : "stateDir: " + stateDir,
            "host:",
            "  type: " + type.name().toLowerCase(java.util.Locale.ROOT),
            "  volumeGroup: volumes",
            "  replicationAddress: 10.0.10.21",
            "");
    return new ObjectMapper(new YAMLFactory())
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .readValue(yaml, DaemonConfig.class);
  }

  @Test
  void aRealHostRecordsTheLeaseInVarLibEbsUnlessTheConfigNamesADirectory() throws Exception {
    FencingSettings real = NodeDaemonMain.fencing(config(HostType.REAL, null));
    assertThat(((LeaseFile) real.store()).path()).isEqualTo(Path.of("/var/lib/ebs/fencing-lease"));
    FencingSettings elsewhere = NodeDaemonMain.fencing(config(HostType.REAL, "/srv/ebs-state"));
    assertThat(((LeaseFile) elsewhere.store()).path())
        .isEqualTo(Path.of("/srv/ebs-state/fencing-lease"));
  }

  @Test
  void aSimulatedHostKeepsItInMemoryUnlessTheConfigNamesADirectory() throws Exception {
    assertThat(NodeDaemonMain.fencing(config(HostType.SIMULATED, null)).store())
        .isNotInstanceOf(LeaseFile.class);
    assertThat(NodeDaemonMain.fencing(config(HostType.SIMULATED, "/tmp/x")).store())
        .isInstanceOf(LeaseFile.class);
  }
}

package io.ovt.ebs.cindersync.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.cindersync.client.VolumeType;
import io.ovt.ebs.crds.replication.ReplicationMode;
import io.ovt.ebs.crds.volume.Provisioning;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EbsVolumeTypeTest {
  private static final Set<String> EBS = Set.of("ebs");

  private static EbsVolumeType.Reading read(Map<String, String> specs) {
    return EbsVolumeType.read(new VolumeType("t1", "gold", true, specs), EBS);
  }

  @Test
  void theSeedsTypeIsAReplicatedThickVolume() {
    assertThat(read(Map.of("volume_backend_name", "ebs", "replication_enabled", "<is> True")))
        .isEqualTo(new EbsVolumeType.Mirrored(new EbsVolumeType(Provisioning.THICK, true, null)));
  }

  @Test
  void thinAndTheReplicationModeAreRead() {
    assertThat(
            read(
                Map.of(
                    "volume_backend_name", "ebs",
                    "provisioning:type", "thin",
                    "replication_enabled", "<is> True",
                    "ovt_ebs:replication_mode", "async")))
        .isEqualTo(
            new EbsVolumeType.Mirrored(
                new EbsVolumeType(Provisioning.THIN, true, ReplicationMode.ASYNC)));
    assertThat(
            read(
                Map.of(
                    "volume_backend_name",
                    "ebs",
                    "replication_enabled",
                    "True",
                    "ovt_ebs:replication_mode",
                    "C")))
        .isEqualTo(
            new EbsVolumeType.Mirrored(
                new EbsVolumeType(Provisioning.THICK, true, ReplicationMode.FULL_SYNC)));
  }

  @Test
  void withoutReplicationEnabledTheVolumeIsSingleNode() {
    assertThat(read(Map.of("volume_backend_name", "ebs")))
        .isEqualTo(new EbsVolumeType.Mirrored(new EbsVolumeType(Provisioning.THICK, false, null)));
  }

  @Test
  void otherBackendsAndTypesWithoutABackendAreNotOurs() {
    assertThat(read(Map.of("volume_backend_name", "lvm"))).isInstanceOf(EbsVolumeType.NotEbs.class);
    assertThat(read(Map.of())).isInstanceOf(EbsVolumeType.NotEbs.class);
  }

  @Test
  void wrongSpecsOfAnEbsTypeSayWhich() {
    assertThat(read(Map.of("volume_backend_name", "ebs", "provisioning:type", "fat")))
        .isEqualTo(
            new EbsVolumeType.Invalid("type gold: provisioning:type=fat is not thin or thick"));
    assertThat(read(Map.of("volume_backend_name", "ebs", "replication_enabled", "yes")))
        .isInstanceOf(EbsVolumeType.Invalid.class)
        .hasToString(
            "Invalid[message=type gold: replication_enabled=yes is not '<is> True' or '<is>"
                + " False']");
    assertThat(read(Map.of("volume_backend_name", "ebs", "ovt_ebs:replication_mode", "D")))
        .isInstanceOf(EbsVolumeType.Invalid.class);
  }
}

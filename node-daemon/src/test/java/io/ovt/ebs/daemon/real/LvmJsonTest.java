package io.ovt.ebs.daemon.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.daemon.host.LogicalVolume;
import io.ovt.ebs.daemon.host.LvKind;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** lvs and vgs JSON reports as LVM 2.03.16 printed them in the VMs. */
class LvmJsonTest {

  @Test
  void theVolumeGroup() throws Exception {
    LvmJson.VolumeGroup vg = LvmJson.volumeGroup(RealOutputs.read("vgs-report.json"));
    assertThat(vg.name()).isEqualTo("volumes");
    assertThat(vg.sizeBytes()).isEqualTo(1069547520L);
    assertThat(vg.freeBytes()).isEqualTo(541065216L);
    assertThat(vg.extentBytes()).isEqualTo(4L << 20);
  }

  @Test
  void everyKindOfLvWithItsTagsAndOpenState() throws Exception {
    Map<String, LogicalVolume> lvs =
        LvmJson.logicalVolumes(RealOutputs.read("lvs-report.json")).stream()
            .collect(Collectors.toMap(LogicalVolume::name, Function.identity()));
    assertThat(lvs.get("pool").kind()).isEqualTo(LvKind.THIN_POOL);
    assertThat(lvs.get("pool").metadataPercent()).isEqualTo(11.04);
    assertThat(lvs.get("ebs-thick").kind()).isEqualTo(LvKind.THICK);
    assertThat(lvs.get("ebs-thick").open()).as("held by DRBD").isTrue();
    assertThat(lvs.get("ebs-thick").sizeBytes()).isEqualTo(64L << 20);
    assertThat(lvs.get("ebs-thin").kind()).isEqualTo(LvKind.THIN);
    assertThat(lvs.get("ebs-thin").pool()).isEqualTo("pool");
    assertThat(lvs.get("ebs-thin").dataPercent()).isEqualTo(6.25);
    assertThat(lvs.get("ebs-overcommit").dataPercent()).as("never written").isZero();
    assertThat(lvs.get("ebs-thick-snap").kind()).isEqualTo(LvKind.SNAPSHOT);
    assertThat(lvs.get("ebs-thin-snap").open()).as("'unknown' is not open").isFalse();
    assertThat(lvs.get("ebs-thin").hasTag("ebs.ovt.io")).isTrue();
    assertThat(lvs.get("unmanaged").tags()).isEmpty();
    assertThat(lvs.get("unmanaged").kind()).isEqualTo(LvKind.THICK);
  }
}

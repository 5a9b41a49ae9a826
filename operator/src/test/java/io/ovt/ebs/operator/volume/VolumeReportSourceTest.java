package io.ovt.ebs.operator.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeSource;
import io.ovt.ebs.crds.volume.VolumeSpec;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.nodeapi.ObservedVolume;
import io.ovt.ebs.nodeapi.Provisioning;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a volume made from a source reports its copy. Pure. */
class VolumeReportSourceTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void whileThePrimaryCopiesTheVolumeIsCreatingWithTheProgressAndTheLastError() {
    Volume volume = aClone();
    VolumeReport.apply(
        volume, primary(new ObservedVolume.Initialization("ebs-src", 42.5, null)), null, NOW);
    VolumeStatus status = volume.getStatus();
    assertThat(status.getState()).isEqualTo(VolumeState.Creating);
    assertThat(status.getSourceCopied()).isNull();
    var ready = Conditions.find(status, ConditionType.Ready).orElseThrow();
    assertThat(ready.getReason()).isEqualTo("Initializing");
    var init = Conditions.find(status, ConditionType.Initializing).orElseThrow();
    assertThat(init.getStatus()).isEqualTo("True");
    assertThat(init.getMessage()).contains("hci-0001@EBS", "42.5%");

    VolumeReport.apply(
        volume,
        primary(new ObservedVolume.Initialization("ebs-src", 0, "Input/output error")),
        null,
        NOW);
    assertThat(
            Conditions.find(volume.getStatus(), ConditionType.Initializing)
                .orElseThrow()
                .getMessage())
        .contains("the last attempt failed: Input/output error");
  }

  @Test
  void onceTheDataIsInPlaceItIsRecordedAndTheConditionTurnsFalse() {
    Volume volume = aClone();
    VolumeReport.apply(volume, primary(null), null, NOW);
    VolumeStatus status = volume.getStatus();
    assertThat(status.getSourceCopied()).isTrue();
    assertThat(status.getCapacityBytes()).isEqualTo(1L << 30);
    var init = Conditions.find(status, ConditionType.Initializing).orElseThrow();
    assertThat(init.getStatus()).isEqualTo("False");
    assertThat(init.getReason()).isEqualTo("SourceCopied");
    assertThat(status.getState()).isEqualTo(VolumeState.Available);
  }

  private static VolumeReport.Replica primary(ObservedVolume.Initialization init) {
    return new VolumeReport.Replica(
        "hci-0001",
        "hci-0001@EBS",
        new NodeOutcome.Observed(
            new ObservedVolume(
                "ebs-x",
                new ObservedVolume.ObservedLv(
                    "volumes", "ebs-x", 1L << 30, Provisioning.THICK, null, 0, false),
                null,
                java.util.List.of(),
                "/dev/volumes/ebs-x",
                1L << 30,
                init,
                null,
                null)));
  }

  private static Volume aClone() {
    Volume v = new Volume();
    v.getMetadata().setName("copy");
    v.getMetadata().setGeneration(1L);
    VolumeSpec spec = new VolumeSpec();
    spec.setSize("1Gi");
    VolumeSource source = new VolumeSource();
    source.setVolume("data");
    spec.setSource(source);
    v.setSpec(spec);
    v.setStatus(new VolumeStatus());
    return v;
  }
}

package io.ovt.ebs.operator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeStatus;
import io.ovt.ebs.operator.failover.PeerLossRecorder.Verdict;
import org.junit.jupiter.api.Test;

class PeerLossRecorderTest {
  @Test
  void theVolumesPrimaryGetsItsLossRecordedOnce() {
    Volume volume = volume("hci-0001", null);
    assertThat(PeerLossRecorder.verdict("hci-0001", volume)).isEqualTo(Verdict.RECORD);
    volume.getStatus().setSecondaryOutdatedSince("2026-12-03T01:00:00Z");
    assertThat(PeerLossRecorder.verdict("hci-0001", volume)).isEqualTo(Verdict.ALREADY_RECORDED);
  }

  @Test
  void aNodeThatIsNotThePrimaryAnyMoreIsNeverLetWriteAlone() {
    assertThat(PeerLossRecorder.verdict("hci-0001", volume("hci-0002", null)))
        .isEqualTo(Verdict.IGNORE);
    assertThat(PeerLossRecorder.verdict("hci-0001", null)).isEqualTo(Verdict.IGNORE);
    assertThat(PeerLossRecorder.verdict("hci-0001", new Volume())).isEqualTo(Verdict.IGNORE);
  }

  private static Volume volume(String primary, String outdatedSince) {
    Volume volume = new Volume();
    VolumeStatus status = new VolumeStatus();
    status.setPrimaryNode(primary);
    status.setSecondaryOutdatedSince(outdatedSince);
    volume.setStatus(status);
    return volume;
  }
}

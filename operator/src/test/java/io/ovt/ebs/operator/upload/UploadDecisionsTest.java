package io.ovt.ebs.operator.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.crds.volume.ImageLocation;
import io.ovt.ebs.crds.volume.ImageUploadSpec;
import io.ovt.ebs.nodeapi.UploadPhase;
import io.ovt.ebs.nodeapi.UploadState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The upload's pure decisions: which specs can never be uploaded, what a node's job asks for. */
class UploadDecisionsTest {
  @Test
  void aGlanceImageIsNotSupportedAndSaysToGiveAUrl() {
    ImageLocation glance = new ImageLocation();
    glance.setGlanceImageId("0f8e2c1a-1111-4222-8333-944455556666");
    UploadDecisions.Refusal refusal = UploadDecisions.refusal(spec(glance)).orElseThrow();
    assertThat(refusal.reason()).isEqualTo(UploadReason.NotSupported);
    assertThat(refusal.message()).contains("spec.destination.url");
  }

  @Test
  void aUrlANodeMayNotPutToIsRefusedAndAGoodOneIsNot() {
    for (String bad :
        new String[] {"http://user:pw@host/x", "http:///x", "https://h/" + "a".repeat(2100)}) {
      ImageLocation location = new ImageLocation();
      location.setUrl(bad);
      assertThat(UploadDecisions.refusal(spec(location)))
          .as(bad)
          .hasValueSatisfying(
              r -> assertThat(r.reason()).isEqualTo(UploadReason.InvalidDestination));
    }
    ImageLocation good = new ImageLocation();
    good.setUrl("https://images.example.org/v1/data.qcow2");
    assertThat(UploadDecisions.refusal(spec(good))).isEmpty();
  }

  @Test
  void aJobsStateSaysWhatToDoNext() {
    assertThat(UploadDecisions.next(Optional.empty())).isInstanceOf(UploadDecisions.Start.class);
    assertThat(UploadDecisions.next(job(UploadPhase.RUNNING, null)))
        .isEqualTo(new UploadDecisions.Running(42.0));
    assertThat(UploadDecisions.next(job(UploadPhase.FAILED, "HTTP 503")))
        .isEqualTo(new UploadDecisions.Start("trying again after: HTTP 503"));
    assertThat(UploadDecisions.next(job(UploadPhase.REFUSED, "HTTP 403")))
        .isEqualTo(new UploadDecisions.Refused("HTTP 403"));
    assertThat(
            UploadDecisions.next(
                Optional.of(new UploadState("j", UploadPhase.DONE, 100, 7L, "ab", null))))
        .isEqualTo(new UploadDecisions.Done(7, "ab"));
  }

  @Test
  void onlyTheEndsAreFinal() {
    assertThat(UploadReason.Uploaded.isFinal()).isTrue();
    assertThat(UploadReason.Failed.isFinal()).isTrue();
    assertThat(UploadReason.Uploading.isFinal()).isFalse();
    assertThat(UploadReason.VolumeNotFound.isFinal()).as("the volume may come").isFalse();
  }

  private static Optional<UploadState> job(UploadPhase phase, String error) {
    return Optional.of(new UploadState("j", phase, 42.0, null, null, error));
  }

  private static ImageUploadSpec spec(ImageLocation destination) {
    ImageUploadSpec spec = new ImageUploadSpec();
    spec.setVolume("data");
    spec.setDestination(destination);
    return spec;
  }
}

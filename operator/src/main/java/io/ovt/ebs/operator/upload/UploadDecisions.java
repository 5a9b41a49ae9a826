package io.ovt.ebs.operator.upload;

import io.ovt.ebs.crds.volume.ImageFormat;
import io.ovt.ebs.crds.volume.ImageLocation;
import io.ovt.ebs.crds.volume.ImageUploadSpec;
import io.ovt.ebs.nodeapi.DiskImageFormat;
import io.ovt.ebs.nodeapi.NodeApiValidation;
import io.ovt.ebs.nodeapi.UploadState;
import java.util.Optional;

/** Pure decisions of an upload: whether it can be done at all, and what a job's state means. */
final class UploadDecisions {
  private UploadDecisions() {}

  /** Why an upload can never be done, as a person reads it. */
  record Refusal(UploadReason reason, String message) {}

  /** What to do after reading the node's job. */
  sealed interface Step {}

  /** No job (new, or forgotten by a restarted daemon) or a failed one: start it (again). */
  record Start(String why) implements Step {}

  /** It runs. */
  record Running(double percent) implements Step {}

  /** The destination has the image. */
  record Done(long bytes, String sha256) implements Step {}

  /** Refused for good. */
  record Refused(String message) implements Step {}

  /** Why the spec can never be uploaded; empty when it can. */
  static Optional<Refusal> refusal(ImageUploadSpec spec) {
    ImageLocation destination = spec.getDestination();
    if (destination == null) {
      return Optional.of(
          new Refusal(UploadReason.InvalidDestination, "spec.destination is required"));
    }
    if (destination.getUrl() == null) {
      return Optional.of(
          new Refusal(
              UploadReason.NotSupported,
              "uploading to a Glance image is not supported yet; create another ImageUpload with"
                  + " spec.destination.url, an HTTP(S) URL that takes a PUT of the image file"));
    }
    if (!NodeApiValidation.isValidImageUrl(destination.getUrl())) {
      return Optional.of(
          new Refusal(
              UploadReason.InvalidDestination,
              "spec.destination.url must be an http or https URL with a host, no user info and at"
                  + " most "
                  + NodeApiValidation.MAX_URL_LENGTH
                  + " printable characters"));
    }
    return Optional.empty();
  }

  /** What the node's job (empty: none) asks for. */
  static Step next(Optional<UploadState> job) {
    if (job.isEmpty()) {
      return new Start("starting the upload");
    }
    UploadState state = job.get();
    return switch (state.phase()) {
      case RUNNING -> new Running(state.percent());
      case DONE -> new Done(state.bytes() == null ? 0 : state.bytes(), state.sha256());
      case REFUSED -> new Refused(state.error());
      case FAILED -> new Start("trying again after: " + state.error());
    };
  }

  /** The node API's name of a format. */
  static DiskImageFormat format(ImageFormat format) {
    return format == ImageFormat.QCOW2 ? DiskImageFormat.QCOW2 : DiskImageFormat.RAW;
  }
}

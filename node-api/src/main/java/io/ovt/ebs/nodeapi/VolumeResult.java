package io.ovt.ebs.nodeapi;

/**
 * One volume's answer in a batch ({@code PUT /v1/volumes}): what the node has after converging it,
 * or why it refused. Exactly one of {@code observed} and {@code error} is set.
 *
 * @param name the volume
 * @param observed the volume as converged, when the node accepted it
 * @param error the typed error, as a single {@code PUT} would have answered it
 */
public record VolumeResult(String name, ObservedVolume observed, ApiError error) {

  /** A converged volume. */
  public static VolumeResult of(ObservedVolume observed) {
    return new VolumeResult(observed.name(), observed, null);
  }

  /** A refused volume. */
  public static VolumeResult refused(String name, ApiError error) {
    return new VolumeResult(name, null, error);
  }

  /** The observed volume, or the refusal as the exception a single {@code PUT} throws. */
  public ObservedVolume orThrow() throws NodeRejectedException {
    if (error != null || observed == null) {
      throw new NodeRejectedException(
          error != null ? error : ApiError.of(ErrorCode.INTERNAL, name + ": no answer in batch"));
    }
    return observed;
  }
}

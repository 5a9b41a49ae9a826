package io.ovt.ebs.operator.upload;

/** Condition and event reasons of an ImageUpload. */
public enum UploadReason {
  /** The Volume named is not in the namespace (yet). */
  VolumeNotFound,
  /** A destination this operator cannot upload to (a Glance image). */
  NotSupported,
  /** The destination URL is not one a node may PUT to. */
  InvalidDestination,
  /** The snapshot taken for the upload is not ready yet. */
  Snapshotting,
  /** The node holding the snapshot is converting and sending it. */
  Uploading,
  /** The destination took the whole image. */
  Uploaded,
  /** The upload is refused for good; the message says why. */
  Failed;

  /** Whether nothing more will happen: the snapshot is removed and the upload stays as it is. */
  public boolean isFinal() {
    return this == Uploaded || this == Failed || this == NotSupported || this == InvalidDestination;
  }
}

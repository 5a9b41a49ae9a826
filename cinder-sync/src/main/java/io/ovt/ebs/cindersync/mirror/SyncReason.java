package io.ovt.ebs.cindersync.mirror;

/** Reasons of the CinderSynced condition cinder-sync writes on the resources it mirrors. */
public enum SyncReason {
  /** The resource matches its Cinder record. */
  Mirrored,
  /** The Cinder record is gone; the resource goes after the grace period, unless exported. */
  CinderVolumeGone,
  /** Cinder has no record and none was seen deleted: kept until a person decides. */
  NotInCinder,
  /** Cinder's size is below the resource's: volumes never shrink. */
  SizeMismatch,
  /** The record's volume type is an EBS backend's with extra specs that cannot be mirrored. */
  InvalidVolumeType
}

package io.ovt.ebs.operator.export;

/** Condition reasons of a VolumeExport. */
public enum ExportReason {
  InvalidSpec,
  VolumeNotFound,
  NotMultiAttach,
  ChapMismatch,
  ChapSecretNotFound,
  InvalidChapSecret,
  ExportPending,
  Exported
}

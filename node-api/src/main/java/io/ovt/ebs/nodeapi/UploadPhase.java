package io.ovt.ebs.nodeapi;

/** Where an upload job is. */
public enum UploadPhase {
  /** Converting or sending. */
  RUNNING,
  /** The destination took the whole file. */
  DONE,
  /** Failed in a way another attempt may mend (a server error, a broken connection). */
  FAILED,
  /** Refused for good: the destination said no (HTTP 4xx), or the snapshot is missing. */
  REFUSED
}

package io.ovt.ebs.nodeapi;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Formats of the image files a node imports: qemu-img's names for them. */
public enum DiskImageFormat {
  @JsonProperty("raw")
  RAW,
  @JsonProperty("qcow2")
  QCOW2;

  /** The name qemu-img gives the format. */
  public String qemuName() {
    return this == RAW ? "raw" : "qcow2";
  }
}

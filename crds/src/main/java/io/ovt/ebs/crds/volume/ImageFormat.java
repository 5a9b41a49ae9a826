package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Disk image formats a volume can be filled from or uploaded as. */
public enum ImageFormat {
  @JsonProperty("raw")
  RAW,
  @JsonProperty("qcow2")
  QCOW2
}

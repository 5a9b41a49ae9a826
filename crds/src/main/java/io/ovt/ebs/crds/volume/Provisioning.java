package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a volume's LV takes space: all at once (thick) or on write from a thin pool (thin). */
public enum Provisioning {
  @JsonProperty("thin")
  THIN,
  @JsonProperty("thick")
  THICK
}

package io.ovt.ebs.crds.node;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a node takes lifecycle work, in the words of {@code openstack volume service list}. */
public enum ServiceStatus {
  @JsonProperty("enabled")
  ENABLED,
  @JsonProperty("disabled")
  DISABLED
}

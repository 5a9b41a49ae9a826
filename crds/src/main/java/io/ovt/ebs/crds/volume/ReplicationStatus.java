package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A volume's replication status, in Cinder's own words. */
public enum ReplicationStatus {
  @JsonProperty("enabled")
  ENABLED,
  @JsonProperty("enabling")
  ENABLING,
  @JsonProperty("disabled")
  DISABLED,
  @JsonProperty("not-capable")
  NOT_CAPABLE,
  @JsonProperty("error")
  ERROR,
  @JsonProperty("failed-over")
  FAILED_OVER,
  @JsonProperty("failover-error")
  FAILOVER_ERROR
}

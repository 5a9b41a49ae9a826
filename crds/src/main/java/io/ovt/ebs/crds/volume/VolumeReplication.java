package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.ovt.ebs.crds.Api;
import io.ovt.ebs.crds.replication.ReplicationMode;

/** Whether and where a volume is replicated. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeReplication {
  @Default("true")
  @JsonPropertyDescription("Replicate to the second node of a pair (DRBD); false for one node.")
  private Boolean enabled = true;

  @Pattern(Api.NAME_PATTERN)
  @JsonPropertyDescription("The ReplicationPair to use; placement picks one with room if unset.")
  private String pair;

  @JsonPropertyDescription(
      "Overrides the pair's mode for this volume: async, semi-sync, full-sync.")
  private ReplicationMode mode;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getPair() {
    return pair;
  }

  public void setPair(String pair) {
    this.pair = pair;
  }

  public ReplicationMode getMode() {
    return mode;
  }

  public void setMode(ReplicationMode mode) {
    this.mode = mode;
  }
}

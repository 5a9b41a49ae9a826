package io.ovt.ebs.crds.replication;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.ovt.ebs.crds.common.EbsStatus;

/** Observed state of a pair: how its volumes replicate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReplicationPairStatus extends EbsStatus {
  @JsonPropertyDescription("Volumes on this pair by replication state.")
  private VolumeCounts volumes;

  public VolumeCounts getVolumes() {
    return volumes;
  }

  public void setVolumes(VolumeCounts volumes) {
    this.volumes = volumes;
  }
}

package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.ovt.ebs.crds.common.EbsStatus;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a snapshot. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SnapshotStatus extends EbsStatus {
  @JsonPropertyDescription("True once the snapshot exists on every replica.")
  private Boolean readyToUse;

  @JsonPropertyDescription("Size of the source volume at the snapshot point, in bytes.")
  private Long sizeBytes;

  @JsonPropertyDescription("StorageNodes that hold the snapshot.")
  private List<String> nodes = new ArrayList<>();

  @JsonPropertyDescription("Name of the snapshot's LV on those nodes (the same on each).")
  private String localName;

  @JsonPropertyDescription(
      "Bytes of volume data the snapshot holds (the volume's device size at the snapshot point).")
  private Long dataBytes;

  public String getLocalName() {
    return localName;
  }

  public void setLocalName(String localName) {
    this.localName = localName;
  }

  public Long getDataBytes() {
    return dataBytes;
  }

  public void setDataBytes(Long dataBytes) {
    this.dataBytes = dataBytes;
  }

  public Boolean getReadyToUse() {
    return readyToUse;
  }

  public void setReadyToUse(Boolean readyToUse) {
    this.readyToUse = readyToUse;
  }

  public Long getSizeBytes() {
    return sizeBytes;
  }

  public void setSizeBytes(Long sizeBytes) {
    this.sizeBytes = sizeBytes;
  }

  public List<String> getNodes() {
    return nodes;
  }

  public void setNodes(List<String> nodes) {
    this.nodes = nodes == null ? new ArrayList<>() : nodes;
  }
}

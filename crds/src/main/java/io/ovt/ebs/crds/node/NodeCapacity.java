package io.ovt.ebs.crds.node;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Observed capacity of a node's volume group and thin pool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeCapacity {
  @JsonPropertyDescription("Volume group size in bytes.")
  private Long vgSizeBytes;

  @JsonPropertyDescription("Volume group free space in bytes.")
  private Long vgFreeBytes;

  @JsonPropertyDescription("Volume group free space, human readable (e.g. 18.5Gi).")
  private String vgFree;

  @JsonPropertyDescription("Thin pool size in bytes, when the node has one.")
  private Long thinPoolSizeBytes;

  @JsonPropertyDescription("Thin pool data usage in percent.")
  private Double thinPoolDataPercent;

  @JsonPropertyDescription("Thin pool metadata usage in percent.")
  private Double thinPoolMetadataPercent;

  public Long getVgSizeBytes() {
    return vgSizeBytes;
  }

  public void setVgSizeBytes(Long vgSizeBytes) {
    this.vgSizeBytes = vgSizeBytes;
  }

  public Long getVgFreeBytes() {
    return vgFreeBytes;
  }

  public void setVgFreeBytes(Long vgFreeBytes) {
    this.vgFreeBytes = vgFreeBytes;
  }

  public String getVgFree() {
    return vgFree;
  }

  public void setVgFree(String vgFree) {
    this.vgFree = vgFree;
  }

  public Long getThinPoolSizeBytes() {
    return thinPoolSizeBytes;
  }

  public void setThinPoolSizeBytes(Long thinPoolSizeBytes) {
    this.thinPoolSizeBytes = thinPoolSizeBytes;
  }

  public Double getThinPoolDataPercent() {
    return thinPoolDataPercent;
  }

  public void setThinPoolDataPercent(Double thinPoolDataPercent) {
    this.thinPoolDataPercent = thinPoolDataPercent;
  }

  public Double getThinPoolMetadataPercent() {
    return thinPoolMetadataPercent;
  }

  public void setThinPoolMetadataPercent(Double thinPoolMetadataPercent) {
    this.thinPoolMetadataPercent = thinPoolMetadataPercent;
  }
}

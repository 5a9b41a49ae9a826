package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What one node reported for its copy of a volume. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReplicaStatus {
  @JsonPropertyDescription("StorageNode name.")
  private String node;

  @JsonPropertyDescription("Backend id of the node, e.g. hci-0001@EBS.")
  private String backendId;

  @JsonPropertyDescription("DRBD role: Primary or Secondary; absent for a volume without DRBD.")
  private String role;

  @JsonPropertyDescription("DRBD disk state, e.g. UpToDate, Inconsistent, Outdated.")
  private String diskState;

  @JsonPropertyDescription("DRBD connection state, e.g. Connected, Connecting, StandAlone.")
  private String connectionState;

  @JsonPropertyDescription("DRBD replication state, e.g. Established, SyncSource, SyncTarget.")
  private String replicationState;

  @JsonPropertyDescription("Percent of the initial or catch-up sync done.")
  private Double syncPercent;

  @JsonPropertyDescription("Size of the LV in bytes.")
  private Long sizeBytes;

  @JsonPropertyDescription(
      "When this node's DRBD fenced its lost peer; the peer may have missed writes since and is not"
          + " to be promoted before it resyncs. Absent once the peer is up to date again.")
  private String peerFencedAt;

  public String getPeerFencedAt() {
    return peerFencedAt;
  }

  public void setPeerFencedAt(String peerFencedAt) {
    this.peerFencedAt = peerFencedAt;
  }

  @JsonPropertyDescription("Block device of this copy on the node.")
  private String devicePath;

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public String getBackendId() {
    return backendId;
  }

  public void setBackendId(String backendId) {
    this.backendId = backendId;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  public String getDiskState() {
    return diskState;
  }

  public void setDiskState(String diskState) {
    this.diskState = diskState;
  }

  public String getConnectionState() {
    return connectionState;
  }

  public void setConnectionState(String connectionState) {
    this.connectionState = connectionState;
  }

  public String getReplicationState() {
    return replicationState;
  }

  public void setReplicationState(String replicationState) {
    this.replicationState = replicationState;
  }

  public Double getSyncPercent() {
    return syncPercent;
  }

  public void setSyncPercent(Double syncPercent) {
    this.syncPercent = syncPercent;
  }

  public Long getSizeBytes() {
    return sizeBytes;
  }

  public void setSizeBytes(Long sizeBytes) {
    this.sizeBytes = sizeBytes;
  }

  public String getDevicePath() {
    return devicePath;
  }

  public void setDevicePath(String devicePath) {
    this.devicePath = devicePath;
  }
}

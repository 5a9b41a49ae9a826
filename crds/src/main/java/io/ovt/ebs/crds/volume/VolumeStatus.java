package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.ovt.ebs.crds.common.EbsStatus;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a volume: where it lives, its DRBD identity and each replica's state. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeStatus extends EbsStatus {
  @JsonPropertyDescription(
      "One-word summary: Pending, Creating, Syncing, Available, Extending, Degraded, Error.")
  private VolumeState state;

  @JsonPropertyDescription("The pair the volume was placed on; absent when not replicated.")
  private String pair;

  @JsonPropertyDescription("StorageNode that serves the volume.")
  private String primaryNode;

  @JsonPropertyDescription("StorageNode that holds the replica; absent when not replicated.")
  private String secondaryNode;

  @JsonPropertyDescription("Name of the LV and DRBD resource on the nodes.")
  private String localName;

  @JsonPropertyDescription("Block device on the primary node.")
  private String devicePath;

  private DrbdAllocation drbd;

  @JsonPropertyDescription("Replication status in Cinder's words.")
  private ReplicationStatus replicationStatus;

  @JsonPropertyDescription("Percent of the initial or catch-up sync done; 100 when up to date.")
  private Double syncPercent;

  @JsonPropertyDescription(
      "Usable size of the volume's device on its primary, in bytes: at least spec.size once it"
          + " has grown (a replicated volume's LV also holds DRBD's metadata).")
  private Long sizeBytes;

  @JsonPropertyDescription(
      "The spec.size the nodes were last asked for, in bytes; spec.size may not go below it.")
  private Long requestedSizeBytes;

  @JsonPropertyDescription(
      "True once both replicas were up to date together; from then on no promotion is ever forced.")
  private Boolean initialSyncComplete;

  @JsonPropertyDescription("Usable size of the volume's device on its primary, in bytes.")
  private Long capacityBytes;

  @JsonPropertyDescription(
      "True once a volume made from a snapshot or another volume holds the source's data.")
  private Boolean sourceCopied;

  @JsonPropertyDescription(
      "When the primary fenced the secondary's replica (lost it while going on writing); kept"
          + " until both are in sync again. While set, the secondary is never promoted"
          + " automatically.")
  private String secondaryOutdatedSince;

  private List<ReplicaStatus> replicas = new ArrayList<>();

  public String getSecondaryOutdatedSince() {
    return secondaryOutdatedSince;
  }

  public void setSecondaryOutdatedSince(String secondaryOutdatedSince) {
    this.secondaryOutdatedSince = secondaryOutdatedSince;
  }

  @JsonPropertyDescription("The iSCSI target on the primary, while the volume is exported.")
  private VolumeTarget target;

  public Long getRequestedSizeBytes() {
    return requestedSizeBytes;
  }

  public void setRequestedSizeBytes(Long requestedSizeBytes) {
    this.requestedSizeBytes = requestedSizeBytes;
  }

  public VolumeTarget getTarget() {
    return target;
  }

  public void setTarget(VolumeTarget target) {
    this.target = target;
  }

  public Long getCapacityBytes() {
    return capacityBytes;
  }

  public void setCapacityBytes(Long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  public Boolean getSourceCopied() {
    return sourceCopied;
  }

  public void setSourceCopied(Boolean sourceCopied) {
    this.sourceCopied = sourceCopied;
  }

  public Boolean getInitialSyncComplete() {
    return initialSyncComplete;
  }

  public void setInitialSyncComplete(Boolean initialSyncComplete) {
    this.initialSyncComplete = initialSyncComplete;
  }

  public VolumeState getState() {
    return state;
  }

  public void setState(VolumeState state) {
    this.state = state;
  }

  public String getPair() {
    return pair;
  }

  public void setPair(String pair) {
    this.pair = pair;
  }

  public String getPrimaryNode() {
    return primaryNode;
  }

  public void setPrimaryNode(String primaryNode) {
    this.primaryNode = primaryNode;
  }

  public String getSecondaryNode() {
    return secondaryNode;
  }

  public void setSecondaryNode(String secondaryNode) {
    this.secondaryNode = secondaryNode;
  }

  public String getLocalName() {
    return localName;
  }

  public void setLocalName(String localName) {
    this.localName = localName;
  }

  public String getDevicePath() {
    return devicePath;
  }

  public void setDevicePath(String devicePath) {
    this.devicePath = devicePath;
  }

  public DrbdAllocation getDrbd() {
    return drbd;
  }

  public void setDrbd(DrbdAllocation drbd) {
    this.drbd = drbd;
  }

  public ReplicationStatus getReplicationStatus() {
    return replicationStatus;
  }

  public void setReplicationStatus(ReplicationStatus replicationStatus) {
    this.replicationStatus = replicationStatus;
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

  public List<ReplicaStatus> getReplicas() {
    return replicas;
  }

  public void setReplicas(List<ReplicaStatus> replicas) {
    this.replicas = replicas == null ? new ArrayList<>() : replicas;
  }
}

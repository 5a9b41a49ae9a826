package io.ovt.ebs.crds.node;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.ovt.ebs.crds.common.EbsStatus;

/** Observed state of a storage host: reachability, heartbeat, capacity and versions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageNodeStatus extends EbsStatus {
  @JsonPropertyDescription("up when the daemon answered the last heartbeat, else down.")
  private NodeState state;

  @JsonPropertyDescription(
      "disabled while the node's pair is failed over away from it or frozen, else enabled.")
  private ServiceStatus serviceStatus;

  @JsonPropertyDescription("Why the node is disabled: failed-over or frozen.")
  private String disabledReason;

  @JsonPropertyDescription("Time of the last successful heartbeat (RFC 3339).")
  private String lastHeartbeat;

  @JsonPropertyDescription("Host name the daemon reported; DRBD configuration uses it.")
  private String hostname;

  private NodeCapacity capacity;
  private NodeVersions versions;

  public String getHostname() {
    return hostname;
  }

  public void setHostname(String hostname) {
    this.hostname = hostname;
  }

  public NodeState getState() {
    return state;
  }

  public void setState(NodeState state) {
    this.state = state;
  }

  public ServiceStatus getServiceStatus() {
    return serviceStatus;
  }

  public void setServiceStatus(ServiceStatus serviceStatus) {
    this.serviceStatus = serviceStatus;
  }

  public String getDisabledReason() {
    return disabledReason;
  }

  public void setDisabledReason(String disabledReason) {
    this.disabledReason = disabledReason;
  }

  public String getLastHeartbeat() {
    return lastHeartbeat;
  }

  public void setLastHeartbeat(String lastHeartbeat) {
    this.lastHeartbeat = lastHeartbeat;
  }

  public NodeCapacity getCapacity() {
    return capacity;
  }

  public void setCapacity(NodeCapacity capacity) {
    this.capacity = capacity;
  }

  public NodeVersions getVersions() {
    return versions;
  }

  public void setVersions(NodeVersions versions) {
    this.versions = versions;
  }
}

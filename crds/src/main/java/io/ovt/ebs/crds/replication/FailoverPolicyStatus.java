package io.ovt.ebs.crds.replication;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.ovt.ebs.crds.common.EbsStatus;

/** Observed failover state of a pair. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailoverPolicyStatus extends EbsStatus {
  @JsonPropertyDescription("Normal, FailingOver, FailedOver, Frozen or Recovering.")
  private FailoverState state;

  @JsonPropertyDescription("StorageNode name of the node that serves now.")
  private String activeNode;

  @JsonPropertyDescription("The last failover or switchover.")
  private FailoverRecord lastFailover;

  public FailoverState getState() {
    return state;
  }

  public void setState(FailoverState state) {
    this.state = state;
  }

  public String getActiveNode() {
    return activeNode;
  }

  public void setActiveNode(String activeNode) {
    this.activeNode = activeNode;
  }

  public FailoverRecord getLastFailover() {
    return lastFailover;
  }

  public void setLastFailover(FailoverRecord lastFailover) {
    this.lastFailover = lastFailover;
  }
}

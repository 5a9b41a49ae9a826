package io.ovt.ebs.crds.replication;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One completed or running failover: from where, to where, why and how long it took. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailoverRecord {
  @JsonPropertyDescription("Automatic (the operator found the active node lost) or Planned.")
  private FailoverTrigger trigger;

  @JsonPropertyDescription("StorageNode that served before.")
  private String from;

  @JsonPropertyDescription("StorageNode that serves after.")
  private String to;

  @JsonPropertyDescription("Volumes that moved; volumes refused are counted in the conditions.")
  private Integer volumesMoved;

  private String reason;
  private String startedAt;
  private String completedAt;
  private Long durationMillis;

  public FailoverTrigger getTrigger() {
    return trigger;
  }

  public void setTrigger(FailoverTrigger trigger) {
    this.trigger = trigger;
  }

  public Integer getVolumesMoved() {
    return volumesMoved;
  }

  public void setVolumesMoved(Integer volumesMoved) {
    this.volumesMoved = volumesMoved;
  }

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getCompletedAt() {
    return completedAt;
  }

  public void setCompletedAt(String completedAt) {
    this.completedAt = completedAt;
  }

  public Long getDurationMillis() {
    return durationMillis;
  }

  public void setDurationMillis(Long durationMillis) {
    this.durationMillis = durationMillis;
  }
}

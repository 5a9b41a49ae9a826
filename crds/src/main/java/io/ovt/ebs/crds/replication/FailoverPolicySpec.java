package io.ovt.ebs.crds.replication;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.ovt.ebs.crds.Api;

/** The desired serving node of a pair, the freeze switch, and automatic failover settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.fencingLeaseSeconds < self.failureThresholdSeconds",
    message =
        "the fencing lease must end before the failure threshold, or two primaries could write")
public class FailoverPolicySpec {
  @Required
  @Pattern(Api.NAME_PATTERN)
  @ValidationRule(value = "self == oldSelf", message = "pair is immutable")
  @JsonPropertyDescription("The ReplicationPair this policy governs.")
  private String pair;

  @Required
  @Pattern(Api.BACKEND_ID_PATTERN)
  @JsonPropertyDescription("Backend id of the node that serves the pair's volumes.")
  private String activeBackend;

  @Default("false")
  @JsonPropertyDescription(
      "Hold lifecycle operations on the pair's volumes; data access continues.")
  private Boolean frozen = false;

  @Default("false")
  @JsonPropertyDescription("Fail over automatically when the active node is lost.")
  private Boolean automatic = false;

  @Min(1)
  @Max(300)
  @Default("2")
  @JsonPropertyDescription("Seconds between heartbeats to the nodes.")
  private Integer heartbeatIntervalSeconds = 2;

  @Min(2)
  @Max(600)
  @Default("8")
  @JsonPropertyDescription("Seconds without a heartbeat after which the active node is lost.")
  private Integer failureThresholdSeconds = 8;

  @Min(1)
  @Max(599)
  @Default("6")
  @JsonPropertyDescription("Seconds a node may serve without renewing its fencing lease.")
  private Integer fencingLeaseSeconds = 6;

  @Default("Manual")
  @JsonPropertyDescription("What happens once a failed node is back: Manual keeps roles swapped.")
  private Failback failback = Failback.Manual;

  public String getPair() {
    return pair;
  }

  public void setPair(String pair) {
    this.pair = pair;
  }

  public String getActiveBackend() {
    return activeBackend;
  }

  public void setActiveBackend(String activeBackend) {
    this.activeBackend = activeBackend;
  }

  public Boolean getFrozen() {
    return frozen;
  }

  public void setFrozen(Boolean frozen) {
    this.frozen = frozen;
  }

  public Boolean getAutomatic() {
    return automatic;
  }

  public void setAutomatic(Boolean automatic) {
    this.automatic = automatic;
  }

  public Integer getHeartbeatIntervalSeconds() {
    return heartbeatIntervalSeconds;
  }

  public void setHeartbeatIntervalSeconds(Integer heartbeatIntervalSeconds) {
    this.heartbeatIntervalSeconds = heartbeatIntervalSeconds;
  }

  public Integer getFailureThresholdSeconds() {
    return failureThresholdSeconds;
  }

  public void setFailureThresholdSeconds(Integer failureThresholdSeconds) {
    this.failureThresholdSeconds = failureThresholdSeconds;
  }

  public Integer getFencingLeaseSeconds() {
    return fencingLeaseSeconds;
  }

  public void setFencingLeaseSeconds(Integer fencingLeaseSeconds) {
    this.fencingLeaseSeconds = fencingLeaseSeconds;
  }

  public Failback getFailback() {
    return failback;
  }

  public void setFailback(Failback failback) {
    this.failback = failback;
  }
}

package io.ovt.ebs.crds.replication;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.ovt.ebs.crds.Api;
import java.util.ArrayList;
import java.util.List;

/** The two nodes of a pair and how they replicate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.nodes[0] != self.nodes[1]",
    message = "a pair needs two different nodes")
public class ReplicationPairSpec {
  @Required
  @Size(min = 2, max = 2)
  @ValidationRule(
      value = "self == oldSelf",
      message = "nodes are immutable; migrate volumes to another pair instead")
  @JsonPropertyDescription("The two StorageNode names; the first is active unless a policy says.")
  private List<@Pattern(Api.NAME_PATTERN) String> nodes = new ArrayList<>();

  @Default("full-sync")
  @JsonPropertyDescription("async (DRBD A), semi-sync (B) or full-sync (C, the default).")
  private ReplicationMode mode = ReplicationMode.FULL_SYNC;

  @Pattern("^[1-9][0-9]{0,5}[KMG]$")
  @Default("100M")
  @JsonPropertyDescription("Resync rate per volume in bytes per second, e.g. 100M.")
  private String resyncRate = "100M";

  @Min(1024)
  @Max(65000)
  @Default("7001")
  @JsonPropertyDescription("First TCP port for DRBD resources of this pair.")
  private Integer startingPort = 7001;

  @Min(0)
  @Max(1048575)
  @Default("1000")
  @JsonPropertyDescription("First DRBD minor number for volumes of this pair.")
  private Integer startingMinor = 1000;

  public List<String> getNodes() {
    return nodes;
  }

  public void setNodes(List<String> nodes) {
    this.nodes = nodes;
  }

  public ReplicationMode getMode() {
    return mode;
  }

  public void setMode(ReplicationMode mode) {
    this.mode = mode;
  }

  public String getResyncRate() {
    return resyncRate;
  }

  public void setResyncRate(String resyncRate) {
    this.resyncRate = resyncRate;
  }

  public Integer getStartingPort() {
    return startingPort;
  }

  public void setStartingPort(Integer startingPort) {
    this.startingPort = startingPort;
  }

  public Integer getStartingMinor() {
    return startingMinor;
  }

  public void setStartingMinor(Integer startingMinor) {
    this.startingMinor = startingMinor;
  }
}

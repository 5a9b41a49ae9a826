package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The iSCSI target a volume is exported through on its primary node, as the node reports it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeTarget {
  @JsonPropertyDescription("StorageNode that serves the target.")
  private String node;

  @JsonPropertyDescription("Target IQN.")
  private String targetIqn;

  @JsonPropertyDescription("LUN of the volume.")
  private Integer lun;

  @JsonPropertyDescription("Portals the target listens on, ip:port.")
  private List<String> portals = new ArrayList<>();

  @JsonPropertyDescription("Initiators with an ACL.")
  private List<String> initiators = new ArrayList<>();

  @JsonPropertyDescription("CHAP user name the target requires, when it requires CHAP.")
  private String chapUsername;

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public String getTargetIqn() {
    return targetIqn;
  }

  public void setTargetIqn(String targetIqn) {
    this.targetIqn = targetIqn;
  }

  public Integer getLun() {
    return lun;
  }

  public void setLun(Integer lun) {
    this.lun = lun;
  }

  public List<String> getPortals() {
    return portals;
  }

  public void setPortals(List<String> portals) {
    this.portals = portals == null ? new ArrayList<>() : portals;
  }

  public List<String> getInitiators() {
    return initiators;
  }

  public void setInitiators(List<String> initiators) {
    this.initiators = initiators == null ? new ArrayList<>() : initiators;
  }

  public String getChapUsername() {
    return chapUsername;
  }

  public void setChapUsername(String chapUsername) {
    this.chapUsername = chapUsername;
  }
}

package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.ovt.ebs.crds.common.EbsStatus;
import java.util.ArrayList;
import java.util.List;

/** Everything an initiator needs to attach: what Cinder's initialize_connection returns. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeExportStatus extends EbsStatus {
  @JsonPropertyDescription("StorageNode that serves the export.")
  private String node;

  @JsonPropertyDescription("Target IQN (target_iqn).")
  private String targetIqn;

  @JsonPropertyDescription("Portals, ip:port, primary first (target_portals).")
  private List<String> targetPortals = new ArrayList<>();

  @JsonPropertyDescription("LUN of the volume on the target (target_lun).")
  private Integer targetLun;

  @JsonPropertyDescription("CHAP when used (auth_method).")
  private String authMethod;

  @JsonPropertyDescription("CHAP user name the initiators log in with (auth_username).")
  private String authUsername;

  @JsonPropertyDescription(
      "Secret (same namespace) whose password key holds the CHAP secret (auth_password); the"
          + " password itself is never copied into status.")
  private String authSecret;

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

  public List<String> getTargetPortals() {
    return targetPortals;
  }

  public void setTargetPortals(List<String> targetPortals) {
    this.targetPortals = targetPortals == null ? new ArrayList<>() : targetPortals;
  }

  public Integer getTargetLun() {
    return targetLun;
  }

  public void setTargetLun(Integer targetLun) {
    this.targetLun = targetLun;
  }

  public String getAuthMethod() {
    return authMethod;
  }

  public void setAuthMethod(String authMethod) {
    this.authMethod = authMethod;
  }

  public String getAuthUsername() {
    return authUsername;
  }

  public void setAuthUsername(String authUsername) {
    this.authUsername = authUsername;
  }

  public String getAuthSecret() {
    return authSecret;
  }

  public void setAuthSecret(String authSecret) {
    this.authSecret = authSecret;
  }
}

package io.ovt.ebs.crds.node;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Versions of the storage stack a node daemon reported. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeVersions {
  private String daemon;
  private String drbdKernel;
  private String drbdUtils;
  private String lvm;
  private String hostType;

  public String getDaemon() {
    return daemon;
  }

  public void setDaemon(String daemon) {
    this.daemon = daemon;
  }

  public String getDrbdKernel() {
    return drbdKernel;
  }

  public void setDrbdKernel(String drbdKernel) {
    this.drbdKernel = drbdKernel;
  }

  public String getDrbdUtils() {
    return drbdUtils;
  }

  public void setDrbdUtils(String drbdUtils) {
    this.drbdUtils = drbdUtils;
  }

  public String getLvm() {
    return lvm;
  }

  public void setLvm(String lvm) {
    this.lvm = lvm;
  }

  public String getHostType() {
    return hostType;
  }

  public void setHostType(String hostType) {
    this.hostType = hostType;
  }
}

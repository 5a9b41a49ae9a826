package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The DRBD minor and port a volume holds on both its nodes, recorded before first use. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DrbdAllocation {
  @JsonPropertyDescription("DRBD minor, the N of /dev/drbdN, the same on both nodes.")
  private Integer minor;

  @JsonPropertyDescription("TCP port of the DRBD connection, the same on both nodes.")
  private Integer port;

  @JsonPropertyDescription("DRBD protocol in use: A, B or C.")
  private String protocol;

  public DrbdAllocation() {}

  public DrbdAllocation(Integer minor, Integer port) {
    this.minor = minor;
    this.port = port;
  }

  public Integer getMinor() {
    return minor;
  }

  public void setMinor(Integer minor) {
    this.minor = minor;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getProtocol() {
    return protocol;
  }

  public void setProtocol(String protocol) {
    this.protocol = protocol;
  }
}

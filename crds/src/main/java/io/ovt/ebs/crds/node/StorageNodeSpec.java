package io.ovt.ebs.crds.node;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.ovt.ebs.crds.Api;
import java.util.ArrayList;
import java.util.List;

/** Desired identity and wiring of a storage host, as the seed's {@code [EBS]} section gave it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageNodeSpec {
  @Required
  @Pattern(Api.BACKEND_ID_PATTERN)
  @JsonPropertyDescription("Cinder backend id of this host, e.g. hci-0001@EBS.")
  private String backendId;

  @Required
  @Pattern(Api.HOST_PATTERN)
  @JsonPropertyDescription("Address of the node daemon's API (the seed's backend_ip).")
  private String address;

  @Min(1)
  @Max(65535)
  @Default("7000")
  @JsonPropertyDescription("Port of the node daemon's API (the seed's backend_port).")
  private Integer port = 7000;

  @Required
  @Pattern(Api.LVM_NAME_PATTERN)
  @JsonPropertyDescription("LVM volume group that holds the volumes.")
  private String volumeGroup;

  @Pattern(Api.LVM_NAME_PATTERN)
  @JsonPropertyDescription("Thin pool in the volume group; required for thin volumes.")
  private String thinPool;

  @Min(1)
  @JsonPropertyDescription(
      "How far thin volumes may over-commit the thin pool (Cinder's max_over_subscription_ratio):"
          + " their sizes together may reach the pool size times this; the operator's default"
          + " (20) when unset.")
  private Double maxOverSubscriptionRatio;

  @Default("lioadm")
  @JsonPropertyDescription("iSCSI target helper: lioadm (LIO) or tgtadm.")
  private TargetHelper targetHelper = TargetHelper.LIOADM;

  @Size(min = 1, max = 4)
  @JsonPropertyDescription(
      "iSCSI portal addresses, primary first (target_ip_address, then"
          + " target_secondary_ip_addresses); port 3260 unless given as ip:port.")
  private List<@Pattern("^([0-9]{1,3}\\.){3}[0-9]{1,3}(:[0-9]{1,5})?$") String> targetPortals =
      new ArrayList<>();

  @Required
  @Pattern(Api.IPV4_PATTERN)
  @JsonPropertyDescription("IPv4 address DRBD replication traffic uses on this host.")
  private String replicationAddress;

  public Double getMaxOverSubscriptionRatio() {
    return maxOverSubscriptionRatio;
  }

  public void setMaxOverSubscriptionRatio(Double maxOverSubscriptionRatio) {
    this.maxOverSubscriptionRatio = maxOverSubscriptionRatio;
  }

  public String getBackendId() {
    return backendId;
  }

  public void setBackendId(String backendId) {
    this.backendId = backendId;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getVolumeGroup() {
    return volumeGroup;
  }

  public void setVolumeGroup(String volumeGroup) {
    this.volumeGroup = volumeGroup;
  }

  public String getThinPool() {
    return thinPool;
  }

  public void setThinPool(String thinPool) {
    this.thinPool = thinPool;
  }

  public TargetHelper getTargetHelper() {
    return targetHelper;
  }

  public void setTargetHelper(TargetHelper targetHelper) {
    this.targetHelper = targetHelper;
  }

  public List<String> getTargetPortals() {
    return targetPortals;
  }

  public void setTargetPortals(List<String> targetPortals) {
    this.targetPortals = targetPortals;
  }

  public String getReplicationAddress() {
    return replicationAddress;
  }

  public void setReplicationAddress(String replicationAddress) {
    this.replicationAddress = replicationAddress;
  }
}

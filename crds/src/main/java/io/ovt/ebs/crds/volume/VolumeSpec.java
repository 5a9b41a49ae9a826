package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.ovt.ebs.crds.Api;

/** Desired state of a volume. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.source) == has(oldSelf.source)",
    message = "source cannot be added or removed after creation")
@ValidationRule(
    value = "!has(self.node) || !has(self.replication) || !self.replication.enabled",
    message =
        "node places a volume that is not replicated; use replication.pair for a replicated one")
public class VolumeSpec {
  @Required
  @Pattern(Api.SIZE_PATTERN)
  @Size(max = 11)
  // Kubernetes' CEL quantity library (1.28, usable in CRD rules from 1.29); the length bound
  // keeps the rule's estimated cost small.
  @ValidationRule(
      value = "quantity(self).compareTo(quantity(oldSelf)) >= 0",
      message = "size may grow, never shrink")
  @JsonPropertyDescription(
      "Size with a binary suffix, e.g. 10Gi; it may grow (online, also while exported), never"
          + " shrink.")
  private String size;

  @Default("thick")
  @JsonPropertyDescription("thick (allocated at once) or thin (from the node's thin pool).")
  private Provisioning provisioning = Provisioning.THICK;

  private VolumeReplication replication = new VolumeReplication();

  @Pattern(Api.NAME_PATTERN)
  @JsonPropertyDescription(
      "StorageNode for a volume that is not replicated; placement picks if unset.")
  private String node;

  @ValidationRule(value = "self == oldSelf", message = "source is immutable")
  private VolumeSource source;

  @JsonPropertyDescription("Allow more than one VolumeExport at a time.")
  @Default("false")
  private Boolean multiAttach = false;

  @JsonPropertyDescription("The Cinder volume this one mirrors, when it came from Cinder.")
  private CinderRef cinder;

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  public Provisioning getProvisioning() {
    return provisioning;
  }

  public void setProvisioning(Provisioning provisioning) {
    this.provisioning = provisioning;
  }

  public VolumeReplication getReplication() {
    return replication;
  }

  public void setReplication(VolumeReplication replication) {
    this.replication = replication;
  }

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public VolumeSource getSource() {
    return source;
  }

  public void setSource(VolumeSource source) {
    this.source = source;
  }

  public Boolean getMultiAttach() {
    return multiAttach;
  }

  public void setMultiAttach(Boolean multiAttach) {
    this.multiAttach = multiAttach;
  }

  public CinderRef getCinder() {
    return cinder;
  }

  public void setCinder(CinderRef cinder) {
    this.cinder = cinder;
  }
}

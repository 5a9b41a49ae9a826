package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.ovt.ebs.crds.Api;

/** The volume to snapshot. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SnapshotSpec {
  @Required
  @Pattern(Api.NAME_PATTERN)
  @ValidationRule(value = "self == oldSelf", message = "volume is immutable")
  @JsonPropertyDescription("The Volume (same namespace) to snapshot.")
  private String volume;

  @JsonPropertyDescription("The Cinder snapshot this one mirrors, when it came from Cinder.")
  private CinderRef cinder;

  public String getVolume() {
    return volume;
  }

  public void setVolume(String volume) {
    this.volume = volume;
  }

  public CinderRef getCinder() {
    return cinder;
  }

  public void setCinder(CinderRef cinder) {
    this.cinder = cinder;
  }
}

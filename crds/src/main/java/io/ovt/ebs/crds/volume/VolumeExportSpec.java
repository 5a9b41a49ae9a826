package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.ovt.ebs.crds.Api;
import java.util.ArrayList;
import java.util.List;

/** Which volume to export to which initiators, with optional CHAP. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeExportSpec {
  @Required
  @Pattern(Api.NAME_PATTERN)
  @ValidationRule(value = "self == oldSelf", message = "volume is immutable")
  @JsonPropertyDescription("The Volume (same namespace) to export.")
  private String volume;

  @Required
  @Size(min = 1, max = 16)
  @JsonPropertyDescription("Initiator IQNs allowed to log in (one ACL each).")
  private List<@Pattern(Api.IQN_PATTERN) String> initiators = new ArrayList<>();

  @Pattern(Api.NAME_PATTERN)
  @JsonPropertyDescription(
      "Secret (same namespace) with the keys username and password: one-way CHAP every"
          + " initiator must log in with. Every export of a multi-attach volume names the same"
          + " Secret, or none.")
  private String chapSecret;

  public String getVolume() {
    return volume;
  }

  public void setVolume(String volume) {
    this.volume = volume;
  }

  public List<String> getInitiators() {
    return initiators;
  }

  public void setInitiators(List<String> initiators) {
    this.initiators = initiators;
  }

  public String getChapSecret() {
    return chapSecret;
  }

  public void setChapSecret(String chapSecret) {
    this.chapSecret = chapSecret;
  }
}

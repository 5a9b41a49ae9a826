package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.ovt.ebs.crds.Api;

/** What a new volume starts from: a snapshot, another volume (clone) or an image. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.snapshot), has(self.volume), has(self.image)].filter(x, x).size() == 1",
    message = "give exactly one of snapshot, volume or image")
public class VolumeSource {
  @Pattern(Api.NAME_PATTERN)
  @JsonPropertyDescription("Snapshot (same namespace) to create the volume from.")
  private String snapshot;

  @Pattern(Api.NAME_PATTERN)
  @JsonPropertyDescription("Volume (same namespace) to clone.")
  private String volume;

  private ImageSource image;

  public String getSnapshot() {
    return snapshot;
  }

  public void setSnapshot(String snapshot) {
    this.snapshot = snapshot;
  }

  public String getVolume() {
    return volume;
  }

  public void setVolume(String volume) {
    this.volume = volume;
  }

  public ImageSource getImage() {
    return image;
  }

  public void setImage(ImageSource image) {
    this.image = image;
  }
}

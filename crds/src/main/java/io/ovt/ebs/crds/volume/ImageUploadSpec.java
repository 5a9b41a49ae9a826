package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.ovt.ebs.crds.Api;

/** Which volume to upload, where to, and in which format. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "an upload cannot be changed; create another")
public class ImageUploadSpec {
  @Required
  @Pattern(Api.NAME_PATTERN)
  @JsonPropertyDescription("The Volume (same namespace) to upload.")
  private String volume;

  @Required
  @JsonPropertyDescription("Where the image goes: an HTTP(S) URL it is PUT to, or a Glance image.")
  private ImageLocation destination;

  @Default("raw")
  private ImageFormat format = ImageFormat.RAW;

  public String getVolume() {
    return volume;
  }

  public void setVolume(String volume) {
    this.volume = volume;
  }

  public ImageLocation getDestination() {
    return destination;
  }

  public void setDestination(ImageLocation destination) {
    this.destination = destination;
  }

  public ImageFormat getFormat() {
    return format;
  }

  public void setFormat(ImageFormat format) {
    this.format = format;
  }
}

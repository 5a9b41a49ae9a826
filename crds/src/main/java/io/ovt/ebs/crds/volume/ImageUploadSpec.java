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
@ValidationRule(
    value = "has(self.url) != has(self.glanceImageId)",
    message = "give exactly one of url or glanceImageId")
public class ImageUploadSpec {
  @Required
  @Pattern(Api.NAME_PATTERN)
  @JsonPropertyDescription("The Volume (same namespace) to upload.")
  private String volume;

  @Pattern("^https?://[^\\s]+$")
  @JsonPropertyDescription("HTTP(S) URL the image is PUT to.")
  private String url;

  @Pattern("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
  @JsonPropertyDescription("Glance image id to upload the data into.")
  private String glanceImageId;

  @Default("raw")
  private ImageFormat format = ImageFormat.RAW;

  public String getVolume() {
    return volume;
  }

  public void setVolume(String volume) {
    this.volume = volume;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getGlanceImageId() {
    return glanceImageId;
  }

  public void setGlanceImageId(String glanceImageId) {
    this.glanceImageId = glanceImageId;
  }

  public ImageFormat getFormat() {
    return format;
  }

  public void setFormat(ImageFormat format) {
    this.format = format;
  }
}

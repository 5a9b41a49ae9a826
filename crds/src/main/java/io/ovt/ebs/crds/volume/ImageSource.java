package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** An image to copy into a new volume: an HTTP(S) URL or a Glance image id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.url) != has(self.glanceImageId)",
    message = "give exactly one of url or glanceImageId")
public class ImageSource {
  @Pattern("^https?://[^\\s]+$")
  @JsonPropertyDescription("HTTP or HTTPS URL of the image.")
  private String url;

  @Pattern("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
  @JsonPropertyDescription("Glance image id.")
  private String glanceImageId;

  @Default("raw")
  private ImageFormat format = ImageFormat.RAW;

  @Pattern("^[0-9a-f]{64}$")
  @JsonPropertyDescription("Expected sha256 of the image file, checked before use.")
  private String sha256;

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

  public String getSha256() {
    return sha256;
  }

  public void setSha256(String sha256) {
    this.sha256 = sha256;
  }
}

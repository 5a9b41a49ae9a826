package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Where an image is: an HTTP(S) URL or a Glance image id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.url) != has(self.glanceImageId)",
    message = "give exactly one of url or glanceImageId")
public class ImageLocation {
  @Pattern("^https?://[^\\s]+$")
  @JsonPropertyDescription("HTTP or HTTPS URL of the image.")
  private String url;

  @Pattern("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
  @JsonPropertyDescription("Glance image id.")
  private String glanceImageId;

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
}

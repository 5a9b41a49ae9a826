package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** An image to copy into a new volume, its format and optionally its checksum. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageSource extends ImageLocation {
  @Default("raw")
  private ImageFormat format = ImageFormat.RAW;

  @Pattern("^[0-9a-f]{64}$")
  @JsonPropertyDescription("Expected sha256 of the image file, checked before use.")
  private String sha256;

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

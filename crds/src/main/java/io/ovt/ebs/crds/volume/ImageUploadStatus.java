package io.ovt.ebs.crds.volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.ovt.ebs.crds.common.EbsStatus;

/** Progress and result of an upload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageUploadStatus extends EbsStatus {
  @JsonPropertyDescription("Percent of the volume uploaded.")
  private Double progressPercent;

  @JsonPropertyDescription("Bytes uploaded.")
  private Long bytes;

  @JsonPropertyDescription("sha256 of the uploaded image file.")
  private String sha256;

  public Double getProgressPercent() {
    return progressPercent;
  }

  public void setProgressPercent(Double progressPercent) {
    this.progressPercent = progressPercent;
  }

  public Long getBytes() {
    return bytes;
  }

  public void setBytes(Long bytes) {
    this.bytes = bytes;
  }

  public String getSha256() {
    return sha256;
  }

  public void setSha256(String sha256) {
    this.sha256 = sha256;
  }
}

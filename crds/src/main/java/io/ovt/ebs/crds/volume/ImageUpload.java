package io.ovt.ebs.crds.volume;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.ovt.ebs.crds.Api;

/** Uploads a crash-consistent copy of a volume to an image store. */
@Group(Api.GROUP)
@Version(Api.VERSION)
@ShortNames({"ebsupload", "ebsu"})
@Categories(Api.CATEGORY)
@AdditionalPrinterColumn(name = "Volume", jsonPath = ".spec.volume")
@AdditionalPrinterColumn(name = "Format", jsonPath = ".spec.format")
@AdditionalPrinterColumn(
    name = "Progress",
    jsonPath = ".status.progressPercent",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ImageUpload extends CustomResource<ImageUploadSpec, ImageUploadStatus>
    implements Namespaced {}

package io.ovt.ebs.crds.volume;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.ovt.ebs.crds.Api;

/** A point-in-time copy of a volume, taken on every replica at the same point. */
@Group(Api.GROUP)
@Version(Api.VERSION)
@ShortNames({"ebssnap", "ebss"})
@Categories(Api.CATEGORY)
@AdditionalPrinterColumn(name = "Volume", jsonPath = ".spec.volume")
@AdditionalPrinterColumn(
    name = "ReadyToUse",
    jsonPath = ".status.readyToUse",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Nodes", jsonPath = ".status.nodes")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Snapshot extends CustomResource<SnapshotSpec, SnapshotStatus> implements Namespaced {}

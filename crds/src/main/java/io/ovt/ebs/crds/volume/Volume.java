package io.ovt.ebs.crds.volume;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.ovt.ebs.crds.Api;

/** A block volume: an LV on one node, or on both nodes of a pair replicated by DRBD. */
@Group(Api.GROUP)
@Version(Api.VERSION)
@ShortNames({"ebsvol", "ebsv"})
@Categories(Api.CATEGORY)
@AdditionalPrinterColumn(name = "Size", jsonPath = ".spec.size")
@AdditionalPrinterColumn(name = "Provisioning", jsonPath = ".spec.provisioning")
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.state")
@AdditionalPrinterColumn(name = "Primary", jsonPath = ".status.primaryNode")
@AdditionalPrinterColumn(name = "Secondary", jsonPath = ".status.secondaryNode")
@AdditionalPrinterColumn(
    name = "Minor",
    jsonPath = ".status.drbd.minor",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Port",
    jsonPath = ".status.drbd.port",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Replication", jsonPath = ".status.replicationStatus")
@AdditionalPrinterColumn(
    name = "Sync",
    jsonPath = ".status.syncPercent",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Volume extends CustomResource<VolumeSpec, VolumeStatus> implements Namespaced {}

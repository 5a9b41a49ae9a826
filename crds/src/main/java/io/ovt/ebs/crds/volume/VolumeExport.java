package io.ovt.ebs.crds.volume;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.ovt.ebs.crds.Api;

/** An iSCSI export of a volume to named initiators: what attaching a volume to a host makes. */
@Group(Api.GROUP)
@Version(Api.VERSION)
@ShortNames({"ebsexp", "ebsx"})
@Categories(Api.CATEGORY)
@AdditionalPrinterColumn(name = "Volume", jsonPath = ".spec.volume")
@AdditionalPrinterColumn(name = "Node", jsonPath = ".status.node")
@AdditionalPrinterColumn(name = "Target", jsonPath = ".status.targetIqn")
@AdditionalPrinterColumn(name = "Portals", jsonPath = ".status.targetPortals")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class VolumeExport extends CustomResource<VolumeExportSpec, VolumeExportStatus>
    implements Namespaced {}

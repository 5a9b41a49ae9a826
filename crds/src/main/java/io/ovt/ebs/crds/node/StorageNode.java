package io.ovt.ebs.crds.node;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.ovt.ebs.crds.Api;

/** A storage host running the node daemon: its address, volume group and iSCSI portals. */
@Group(Api.GROUP)
@Version(Api.VERSION)
@ShortNames("sn")
@Categories(Api.CATEGORY)
@AdditionalPrinterColumn(name = "Backend", jsonPath = ".spec.backendId")
@AdditionalPrinterColumn(name = "Address", jsonPath = ".spec.address")
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state")
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.serviceStatus")
@AdditionalPrinterColumn(name = "Disabled Reason", jsonPath = ".status.disabledReason")
@AdditionalPrinterColumn(name = "VG Free", jsonPath = ".status.capacity.vgFree")
@AdditionalPrinterColumn(
    name = "Thin Data%",
    jsonPath = ".status.capacity.thinPoolDataPercent",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Thin Meta%",
    jsonPath = ".status.capacity.thinPoolMetadataPercent",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Heartbeat", jsonPath = ".status.lastHeartbeat")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class StorageNode extends CustomResource<StorageNodeSpec, StorageNodeStatus> {
  /** StorageNode is cluster scoped, so it does not implement {@link Namespaced}. */
  public StorageNode() {}
}

package io.ovt.ebs.crds.replication;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.ovt.ebs.crds.Api;

/** Two storage nodes that replicate volumes to each other with DRBD in one mode. */
@Group(Api.GROUP)
@Version(Api.VERSION)
@ShortNames("rp")
@Categories(Api.CATEGORY)
@AdditionalPrinterColumn(name = "Nodes", jsonPath = ".spec.nodes")
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode")
@AdditionalPrinterColumn(
    name = "Volumes",
    jsonPath = ".status.volumes.total",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "UpToDate",
    jsonPath = ".status.volumes.upToDate",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Syncing",
    jsonPath = ".status.volumes.syncing",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Degraded",
    jsonPath = ".status.volumes.degraded",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ReplicationPair extends CustomResource<ReplicationPairSpec, ReplicationPairStatus> {}

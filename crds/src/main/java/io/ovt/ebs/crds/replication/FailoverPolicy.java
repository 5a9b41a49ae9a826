package io.ovt.ebs.crds.replication;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.ovt.ebs.crds.Api;

/** Which node of a pair serves, whether lifecycle work is frozen, and how failover happens. */
@Group(Api.GROUP)
@Version(Api.VERSION)
@ShortNames("fp")
@Categories(Api.CATEGORY)
@AdditionalPrinterColumn(name = "Pair", jsonPath = ".spec.pair")
@AdditionalPrinterColumn(name = "Active", jsonPath = ".spec.activeBackend")
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state")
@AdditionalPrinterColumn(
    name = "Frozen",
    jsonPath = ".spec.frozen",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Automatic",
    jsonPath = ".spec.automatic",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class FailoverPolicy extends CustomResource<FailoverPolicySpec, FailoverPolicyStatus> {}

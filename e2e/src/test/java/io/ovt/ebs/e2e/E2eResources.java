package io.ovt.ebs.e2e;

import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.node.StorageNodeSpec;
import io.ovt.ebs.crds.node.TargetHelper;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverPolicySpec;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.replication.ReplicationPairSpec;
import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.crds.volume.VolumeExportSpec;
import io.ovt.ebs.crds.volume.VolumeSpec;
import java.util.List;

/** The custom resources the real-storage tests apply, for the VM cluster's hosts. */
final class E2eResources {
  static final String NS = "default";

  private E2eResources() {}

  static StorageNode storageNode(String host, int daemonPort, TargetHelper helper) {
    StorageNode node = new StorageNode();
    node.getMetadata().setName(host);
    StorageNodeSpec spec = new StorageNodeSpec();
    spec.setBackendId(host + "@EBS");
    spec.setAddress("127.0.0.1");
    spec.setPort(daemonPort);
    spec.setVolumeGroup(StorageHostSetup.VOLUME_GROUP);
    spec.setThinPool(StorageHostSetup.THIN_POOL);
    spec.setTargetPortals(List.of(Topology.portalAddress(host) + ":" + Topology.ISCSI_PORT));
    spec.setReplicationAddress(Topology.replicationAddress(host));
    spec.setTargetHelper(helper);
    node.setSpec(spec);
    return node;
  }

  static ReplicationPair pair() {
    ReplicationPair pair = new ReplicationPair();
    pair.getMetadata().setName("hci-pair");
    ReplicationPairSpec spec = new ReplicationPairSpec();
    spec.setNodes(Topology.STORAGE_HOSTS);
    spec.setResyncRate("60M");
    pair.setSpec(spec);
    return pair;
  }

  static FailoverPolicy policy(String active) {
    FailoverPolicy policy = new FailoverPolicy();
    policy.getMetadata().setName("hci-pair");
    FailoverPolicySpec spec = new FailoverPolicySpec();
    spec.setPair("hci-pair");
    spec.setActiveBackend(active);
    policy.setSpec(spec);
    return policy;
  }

  static Volume volume(String name, String size, Provisioning provisioning) {
    Volume volume = new Volume();
    volume.getMetadata().setName(name);
    volume.getMetadata().setNamespace(NS);
    VolumeSpec spec = new VolumeSpec();
    spec.setSize(size);
    spec.setProvisioning(provisioning);
    volume.setSpec(spec);
    return volume;
  }

  static VolumeExport export(String name, String volume) {
    VolumeExport export = new VolumeExport();
    export.getMetadata().setName(name);
    export.getMetadata().setNamespace(NS);
    VolumeExportSpec spec = new VolumeExportSpec();
    spec.setVolume(volume);
    spec.setInitiators(List.of(Topology.CLIENT_IQN));
    export.setSpec(spec);
    return export;
  }
}

package io.ovt.ebs.crds;

import io.fabric8.kubernetes.client.CustomResource;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.crds.volume.ImageUpload;
import io.ovt.ebs.crds.volume.Snapshot;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import java.util.List;

/** Every custom resource kind of the EBS API, in the order a walkthrough applies them. */
public final class EbsKinds {
  /** All kinds. */
  public static final List<Class<? extends CustomResource<?, ?>>> ALL =
      List.of(
          StorageNode.class,
          ReplicationPair.class,
          FailoverPolicy.class,
          Volume.class,
          Snapshot.class,
          VolumeExport.class,
          ImageUpload.class);

  /** Class-path folder of the generated CRD YAML, one {@code <plural>.<group>-v1.yml} per kind. */
  public static final String CRD_RESOURCE_DIR = "META-INF/fabric8/";

  private EbsKinds() {}

  /** Class-path resource name of the CRD YAML of a kind. */
  public static String crdResource(Class<? extends CustomResource<?, ?>> kind) {
    return CRD_RESOURCE_DIR + CustomResource.getCRDName(kind) + "-v1.yml";
  }
}

package io.ovt.ebs.crds;

/** Constants of the EBS API group shared by every kind. */
public final class Api {
  /** The API group of every EBS kind. */
  public static final String GROUP = "ebs.ovt.io";

  /** The served and stored version. */
  public static final String VERSION = "v1alpha1";

  /** The category so that {@code kubectl get ebs} lists every kind. */
  public static final String CATEGORY = "ebs";

  /** Finalizer the operator puts on resources whose deletion has work to do on storage hosts. */
  public static final String FINALIZER = GROUP + "/cleanup";

  /** Label carrying the Cinder project of a resource mirrored from Cinder. */
  public static final String LABEL_PROJECT = GROUP + "/project";

  /** A DNS-1123 subdomain: the form of every reference to another object by name. */
  public static final String NAME_PATTERN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A positive size with a binary suffix, as Kubernetes quantities write it (Mi, Gi, Ti). */
  public static final String SIZE_PATTERN = "^[1-9][0-9]{0,8}(Mi|Gi|Ti)$";

  /** A Cinder-style backend id, {@code host@backend}. */
  public static final String BACKEND_ID_PATTERN =
      "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}@[A-Za-z0-9._-]{1,63}$";

  /** An LVM volume group or logical volume name, as LVM accepts them. */
  public static final String LVM_NAME_PATTERN = "^[A-Za-z0-9+_.][A-Za-z0-9+_.-]{0,126}$";

  /** An IPv4 address or a DNS name (no port). */
  public static final String HOST_PATTERN =
      "^(([0-9]{1,3}\\.){3}[0-9]{1,3}|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$";

  /** An IPv4 address. */
  public static final String IPV4_PATTERN = "^([0-9]{1,3}\\.){3}[0-9]{1,3}$";

  /** An iSCSI qualified name or EUI, as initiators and targets are named. */
  public static final String IQN_PATTERN =
      "^(iqn\\.[0-9]{4}-[0-9]{2}\\.[a-z0-9][a-z0-9.-]*(:[A-Za-z0-9.:_-]+)?|eui\\.[0-9A-Fa-f]{16})$";

  private Api() {}
}

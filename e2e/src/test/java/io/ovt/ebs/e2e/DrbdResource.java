package io.ovt.ebs.e2e;

/**
 * A DRBD 8.4 resource between the two storage hosts, written the way drbd.conf(5) of 8.4 wants it.
 *
 * @param name resource name
 * @param minor device minor (the operator allocates from 1000)
 * @param port TCP port of the replication link (the operator allocates from 7001)
 * @param disk backing device on both hosts
 * @param diskOptions extra statements for the disk section, e.g. a fixed resync rate
 */
record DrbdResource(String name, int minor, int port, String disk, String diskOptions) {

  DrbdResource(String name, int minor, int port, String disk) {
    this(name, minor, port, disk, "");
  }

  /** Where drbdadm reads it from. */
  String path() {
    return "/etc/drbd.d/" + name + ".res";
  }

  /** The device on both hosts. */
  String device() {
    return "/dev/drbd" + minor;
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append("resource ").append(name).append(" {\n");
    out.append("  net {\n    protocol C;\n  }\n");
    if (!diskOptions.isEmpty()) {
      out.append("  disk {\n    ").append(diskOptions).append("\n  }\n");
    }
    for (String host : Topology.STORAGE_HOSTS) {
      out.append("  on ").append(host).append(" {\n");
      out.append("    device ").append(device()).append(";\n");
      out.append("    disk ").append(disk).append(";\n");
      out.append("    address ").append(Topology.replicationAddress(host)).append(':');
      out.append(port).append(";\n");
      out.append("    meta-disk internal;\n");
      out.append("  }\n");
    }
    return out.append("}\n").toString();
  }
}

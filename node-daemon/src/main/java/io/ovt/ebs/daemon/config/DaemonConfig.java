package io.ovt.ebs.daemon.config;

import io.ovt.ebs.nodeapi.HostType;
import java.nio.file.Path;

/**
 * The daemon's configuration file (YAML).
 *
 * @param backendId the backend id this node answers to, e.g. hci-0001@EBS
 * @param listenAddress address the API binds to
 * @param port API port (the seed's 7000)
 * @param tokenFile file holding the bearer token; re-read when it changes
 * @param host the storage host
 * @param stateDir where the daemon keeps what must outlive it, e.g. the fencing lease ({@code
 *     fencing-lease}); {@code /var/lib/ebs} for a real host when absent, memory for a simulated one
 * @param tls the API's certificate and key; plain HTTP when absent (tests, one-machine setups)
 * @param metricsPort port of {@code GET /metrics} and {@code /healthz} on the listen address;
 *     {@link #DEFAULT_METRICS_PORT} when absent, 0 turns them off
 */
public record DaemonConfig(
    String backendId,
    String listenAddress,
    Integer port,
    Path tokenFile,
    HostConfig host,
    Path stateDir,
    TlsConfig tls,
    Integer metricsPort) {

  /**
   * The metrics port when the configuration names none: clear of the node API's 7000 and of the
   * DRBD ports above it (7001 and up, one per volume).
   */
  public static final int DEFAULT_METRICS_PORT = 9642;

  /** The state directory of a real host when the configuration names none. */
  public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/ebs");

  /** This configuration with the values given (not null) in place of its own; validated later. */
  public DaemonConfig overriding(String backendId, String hostname, String replicationAddress) {
    HostConfig h = host;
    if (h != null && (hostname != null || replicationAddress != null)) {
      h =
          new HostConfig(
              h.type(),
              hostname != null ? hostname : h.hostname(),
              h.volumeGroup(),
              h.thinPool(),
              replicationAddress != null ? replicationAddress : h.replicationAddress(),
              h.targetHelper(),
              h.simulated());
    }
    return new DaemonConfig(
        backendId != null ? backendId : this.backendId,
        listenAddress,
        port,
        tokenFile,
        h,
        stateDir,
        tls,
        metricsPort);
  }

  /**
   * The node API's TLS material, PEM files as a Kubernetes TLS Secret holds them; both are read
   * again when they change.
   *
   * @param certFile the certificate chain, leaf first (tls.crt)
   * @param keyFile its unencrypted private key (tls.key)
   */
  public record TlsConfig(Path certFile, Path keyFile) {}

  /**
   * The storage host.
   *
   * @param type real tools or the simulated host
   * @param hostname name DRBD uses for this host; the system host name when absent
   * @param volumeGroup LVM volume group
   * @param thinPool thin pool in it, optional
   * @param replicationAddress this host's DRBD address
   * @param targetHelper the iSCSI target of a real host, lioadm (the default) or tgtadm
   * @param simulated sizes of the simulated host
   */
  public record HostConfig(
      HostType type,
      String hostname,
      String volumeGroup,
      String thinPool,
      String replicationAddress,
      TargetHelper targetHelper,
      SimulatedConfig simulated) {}

  /** The iSCSI target implementation, named as Cinder's target_helper option names them. */
  public enum TargetHelper {
    LIOADM,
    TGTADM
  }

  /**
   * Sizes of a simulated host.
   *
   * @param volumeGroupSize e.g. 100Gi
   * @param thinPoolSize e.g. 50Gi, taken from the volume group
   * @param syncSpeedup how many times faster than DRBD's configured rate simulated resyncs run; 1
   *     when absent
   */
  public record SimulatedConfig(String volumeGroupSize, String thinPoolSize, Double syncSpeedup) {}
}

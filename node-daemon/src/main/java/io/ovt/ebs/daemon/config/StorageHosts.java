package io.ovt.ebs.daemon.config;

import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.daemon.sim.SimulatedNetwork;
import java.time.Clock;

/** Builds the storage host a configuration asks for. */
public final class StorageHosts {
  private StorageHosts() {}

  /** The host of the configuration, or an IllegalArgumentException saying what is wrong. */
  public static StorageHost create(DaemonConfig.HostConfig config, HostLayout layout) {
    return switch (config.type()) {
      case SIMULATED -> simulated(config, layout);
      case REAL ->
          throw new IllegalArgumentException(
              "host type 'real' needs the LVM/DRBD/LIO backends, which this build does not have"
                  + " yet; use 'simulated'");
    };
  }

  private static StorageHost simulated(DaemonConfig.HostConfig config, HostLayout layout) {
    DaemonConfig.SimulatedConfig sizes = config.simulated();
    if (sizes == null || sizes.volumeGroupSize() == null) {
      throw new IllegalArgumentException("host.simulated.volumeGroupSize is required");
    }
    double speedup = sizes.syncSpeedup() == null ? 1.0 : sizes.syncSpeedup();
    long poolBytes = layout.thinPool() == null ? 0 : ByteSizes.parse(sizes.thinPoolSize());
    return new SimulatedHost(
        new SimulatedNetwork(Clock.systemUTC(), speedup),
        layout.hostname(),
        config.replicationAddress(),
        config.volumeGroup(),
        ByteSizes.parse(sizes.volumeGroupSize()),
        layout.thinPool(),
        poolBytes);
  }
}

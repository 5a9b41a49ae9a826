package io.ovt.ebs.daemon.config;

import io.ovt.ebs.daemon.command.CommandRunner;
import io.ovt.ebs.daemon.command.ProcessCommandRunner;
import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.host.SharedLvmReports;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.daemon.image.ImageDownload;
import io.ovt.ebs.daemon.real.DeviceBlocks;
import io.ovt.ebs.daemon.real.DrbdCli;
import io.ovt.ebs.daemon.real.DrbdFlavor;
import io.ovt.ebs.daemon.real.FencingHandler;
import io.ovt.ebs.daemon.real.LioTargets;
import io.ovt.ebs.daemon.real.LvmCli;
import io.ovt.ebs.daemon.real.ProcDrbd;
import io.ovt.ebs.daemon.real.QemuImageImporter;
import io.ovt.ebs.daemon.real.RealHost;
import io.ovt.ebs.daemon.real.RealHostProbe;
import io.ovt.ebs.daemon.real.TgtTargets;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.daemon.sim.SimulatedNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Builds the storage host a configuration asks for. */
public final class StorageHosts {
  private StorageHosts() {}

  /**
   * The host of the configuration; IllegalArgumentException when the configuration is wrong,
   * IllegalStateException listing what this machine lacks for a real host.
   */
  public static StorageHost create(DaemonConfig.HostConfig config, HostLayout layout) {
    return create(config, layout, new ProcessCommandRunner());
  }

  /** The host of the configuration; a real one runs its commands through {@code runner}. */
  public static StorageHost create(
      DaemonConfig.HostConfig config, HostLayout layout, CommandRunner runner) {
    return switch (config.type()) {
      case SIMULATED -> simulated(config, layout);
      case REAL ->
          real(
              layout,
              config.targetHelper() != DaemonConfig.TargetHelper.TGTADM,
              runner,
              RealHostProbe.Places.standard());
    };
  }

  static StorageHost real(
      HostLayout layout, boolean lio, CommandRunner runner, RealHostProbe.Places places) {
    List<String> missing =
        new RealHostProbe(runner, places).missing(layout.volumeGroup(), layout.thinPool(), lio);
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "this machine cannot serve real storage:\n  - " + String.join("\n  - ", missing));
    }
    String version;
    try {
      version = ProcDrbd.version(Files.readString(places.procDrbd()));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read " + places.procDrbd() + ": " + e.getMessage(), e);
    }
    if (version == null) {
      throw new IllegalStateException("cannot tell the DRBD version from " + places.procDrbd());
    }
    try {
      FencingHandler.install(FencingHandler.SCRIPT);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot install DRBD's fence-peer handler: " + e.getMessage(), e);
    }
    return new RealHost(
        runner,
        layout.hostname(),
        new SharedLvmReports(new LvmCli(runner, layout.volumeGroup()), Clock.systemUTC()),
        new DrbdCli(runner, DrbdCli.Paths.standard(), DrbdFlavor.ofKernelVersion(version)),
        lio
            ? new LioTargets(runner, places.lioConfigfs())
            : new TgtTargets(runner, Path.of("/var/lib/ebs/tgt-portals.json")),
        new DeviceBlocks(Path.of("/dev", layout.volumeGroup())),
        new QemuImageImporter(
            runner,
            Path.of("/dev", layout.volumeGroup()),
            DaemonConfig.DEFAULT_STATE_DIR.resolve("images"),
            ImageDownload.standard()));
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

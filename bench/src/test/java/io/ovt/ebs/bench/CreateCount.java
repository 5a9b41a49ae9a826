package io.ovt.ebs.bench;

import io.ovt.ebs.daemon.command.Command;
import io.ovt.ebs.daemon.converge.Converger;
import io.ovt.ebs.daemon.converge.TwoHosts;
import io.ovt.ebs.daemon.host.BlockTool;
import io.ovt.ebs.daemon.host.DrbdTool;
import io.ovt.ebs.daemon.host.LvmTool;
import io.ovt.ebs.daemon.host.StorageHost;
import io.ovt.ebs.daemon.host.TargetTool;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.nodeapi.DesiredVolume;
import io.ovt.ebs.nodeapi.InitialSync;
import io.ovt.ebs.nodeapi.Provisioning;
import io.ovt.ebs.nodeapi.Role;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * P5's second count: the external commands the real backends run to create one replicated, exported
 * thin volume. The daemons' convergers run on simulated hosts (which keep the state a real host
 * would), and every tool call they make is replayed on the real wrappers over {@link
 * SavedOutputsHost}'s recording runner, which counts the commands the call costs on a real host.
 */
final class CreateCount {
  /**
   * The commands of each converge call, in the order the operator makes them.
   *
   * @param steps e.g. "hci-0002 secondary" to its commands by tool
   */
  record Result(Map<String, Map<String, Integer>> steps, int total) {}

  private CreateCount() {}

  static Result createOne() throws Exception {
    TwoHosts hosts = new TwoHosts();
    SavedOutputsHost realA = new SavedOutputsHost(Files.createTempDirectory("ebs-bench-a-"), 0);
    SavedOutputsHost realB = new SavedOutputsHost(Files.createTempDirectory("ebs-bench-b-"), 0);
    Converger onA = new Converger(shadowed(hosts.a, realA), hosts.layoutA);
    Converger onB = new Converger(shadowed(hosts.b, realB), hosts.layoutB);
    String name = "ebs-one";
    DesiredVolume secondary =
        TwoHosts.replicated(
            name, TwoHosts.GIB, Provisioning.THIN, false, Role.SECONDARY, InitialSync.ZEROED);
    DesiredVolume primary =
        TwoHosts.replicated(
            name,
            TwoHosts.GIB,
            Provisioning.THIN,
            true,
            Role.PRIMARY,
            InitialSync.ZEROED,
            TwoHosts.export(name));
    Map<String, Map<String, Integer>> steps = new java.util.LinkedHashMap<>();
    int total = 0;
    // The operator's order: the secondary first, then the primary (which skips the initial sync
    // and exports), then each once more, as its next reconcile does, to see the plans empty.
    total += step(steps, "1. hci-0002 PUT secondary", realB, () -> onB.converge(secondary));
    total += step(steps, "2. hci-0001 PUT primary + export", realA, () -> onA.converge(primary));
    total += step(steps, "3. hci-0002 PUT again", realB, () -> onB.converge(secondary));
    total += step(steps, "4. hci-0001 PUT again", realA, () -> onA.converge(primary));
    return new Result(steps, total);
  }

  private interface Call {
    void run() throws Exception;
  }

  private static int step(
      Map<String, Map<String, Integer>> steps, String what, SavedOutputsHost real, Call call)
      throws Exception {
    real.clear();
    call.run();
    List<Command> ran = new ArrayList<>(real.ran);
    steps.put(what, ObservationBenchmark.byTool(ran));
    return ran.size();
  }

  /** The simulated host, each of whose tool calls is also made on the real wrappers. */
  private static StorageHost shadowed(SimulatedHost sim, SavedOutputsHost real) {
    return (StorageHost)
        Proxy.newProxyInstance(
            StorageHost.class.getClassLoader(),
            new Class<?>[] {StorageHost.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "lvm" -> shadow(LvmTool.class, sim.lvm(), real.host.lvm());
                  case "drbd" -> shadow(DrbdTool.class, sim.drbd(), real.host.drbd());
                  case "targets" -> shadow(TargetTool.class, sim.targets(), real.host.targets());
                  // Block copies are data, not commands; a zeroed thin volume copies nothing.
                  case "blocks" -> (BlockTool) sim.blocks();
                  default -> invoke(method, sim, args);
                });
  }

  private static <T> T shadow(Class<T> type, T sim, T real) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              Object result = invoke(method, sim, args);
              try {
                method.invoke(real, args);
              } catch (InvocationTargetException e) {
                // The saved outputs do not follow every change: what counts is what was run.
              }
              return result;
            }));
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}

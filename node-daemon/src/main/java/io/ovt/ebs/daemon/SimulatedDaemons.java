package io.ovt.ebs.daemon;

import io.ovt.ebs.daemon.converge.HostLayout;
import io.ovt.ebs.daemon.fencing.FencingSettings;
import io.ovt.ebs.daemon.fencing.LeaseStore;
import io.ovt.ebs.daemon.sim.SimulatedHost;
import io.ovt.ebs.daemon.sim.SimulatedNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Node daemons on simulated hosts sharing one replication network, in this process: what the
 * embedded system and the operator's tests run against. A daemon can be stopped (it is then
 * unreachable, as a crashed one: its storage keeps serving and nothing fences) and restarted on the
 * same port with its storage and its recorded fencing lease intact.
 */
public final class SimulatedDaemons implements AutoCloseable {
  /**
   * One simulated storage host.
   *
   * @param backendId e.g. hci-0001@EBS
   * @param hostname host name for DRBD
   * @param replicationAddress DRBD address on the simulated network
   * @param volumeGroupBytes VG size
   * @param thinPool thin pool name, or null
   * @param thinPoolBytes thin pool size, taken from the VG
   * @param apiAddress loopback address the daemon's API listens on
   * @param apiPort its port; 0 picks a free one
   */
  public record HostSpec(
      String backendId,
      String hostname,
      String replicationAddress,
      long volumeGroupBytes,
      String thinPool,
      long thinPoolBytes,
      String apiAddress,
      int apiPort) {}

  /** A host and what outlives its daemon: storage, port and the recorded fencing lease. */
  private record Running(
      HostSpec spec, SimulatedHost host, HostLayout layout, int port, LeaseStore lease) {}

  private final SimulatedNetwork network;
  private final Supplier<String> token;
  private final Clock clock;
  private final Map<String, Running> hosts = new LinkedHashMap<>();
  private final Map<String, NodeDaemon> daemons = new LinkedHashMap<>();
  private final Map<String, Blackhole> silenced = new LinkedHashMap<>();

  private SimulatedDaemons(SimulatedNetwork network, Supplier<String> token, Clock clock) {
    this.network = network;
    this.token = token;
    this.clock = clock;
  }

  /** Starts one daemon per host. */
  public static SimulatedDaemons start(
      List<HostSpec> specs, SimulatedNetwork network, Supplier<String> token, Clock clock) {
    SimulatedDaemons daemons = new SimulatedDaemons(network, token, clock);
    for (HostSpec spec : specs) {
      SimulatedHost host =
          new SimulatedHost(
              network,
              spec.hostname(),
              spec.replicationAddress(),
              "volumes",
              spec.volumeGroupBytes(),
              spec.thinPool(),
              spec.thinPoolBytes());
      HostLayout layout =
          new HostLayout("volumes", spec.thinPool(), HostLayout.DEFAULT_TAG, spec.hostname());
      LeaseStore lease = host.leaseStore(); // on the host's "disk", where its handler looks
      NodeDaemon daemon = daemons.launch(spec, host, layout, spec.apiPort(), lease);
      daemons.hosts.put(spec.backendId(), new Running(spec, host, layout, daemon.port(), lease));
      daemons.daemons.put(spec.backendId(), daemon);
    }
    return daemons;
  }

  /** The API port of a host's daemon. */
  public int port(String backendId) {
    return running(backendId).port();
  }

  /** A host's running daemon, for inspection (e.g. its fencing); fails when it is stopped. */
  public synchronized NodeDaemon daemon(String backendId) {
    NodeDaemon daemon = daemons.get(backendId);
    if (daemon == null) {
      throw new IllegalStateException(backendId + "'s daemon is stopped");
    }
    return daemon;
  }

  /** A host's simulated storage, for failure switches and inspection. */
  public SimulatedHost host(String backendId) {
    return running(backendId).host();
  }

  /** The network the hosts replicate over. */
  public SimulatedNetwork network() {
    return network;
  }

  /** Stops a host's daemon: the node becomes unreachable; its storage keeps its state. */
  public synchronized void stop(String backendId) {
    NodeDaemon daemon = daemons.remove(backendId);
    if (daemon != null) {
      daemon.close();
    }
  }

  /**
   * Cuts a host off from the operator's network: its daemon stops, and its port accepts connections
   * and never answers, as requests to a partitioned host time out rather than fail (its storage
   * keeps its state; {@link #restart} reconnects it).
   */
  public synchronized void silence(String backendId) {
    stop(backendId);
    Running r = running(backendId);
    if (!silenced.containsKey(backendId)) {
      silenced.put(backendId, Blackhole.open(r.spec().apiAddress(), r.port()));
    }
  }

  /** Starts a stopped daemon again on its port. */
  public synchronized void restart(String backendId) {
    if (daemons.containsKey(backendId)) {
      return;
    }
    Blackhole hole = silenced.remove(backendId);
    if (hole != null) {
      hole.close();
    }
    Running r = running(backendId);
    daemons.put(backendId, launch(r.spec(), r.host(), r.layout(), r.port(), r.lease()));
  }

  @Override
  public synchronized void close() {
    daemons.values().forEach(NodeDaemon::close);
    daemons.clear();
    silenced.values().forEach(Blackhole::close);
    silenced.clear();
  }

  private Running running(String backendId) {
    Running r = hosts.get(backendId);
    if (r == null) {
      throw new IllegalArgumentException("no simulated host " + backendId);
    }
    return r;
  }

  private NodeDaemon launch(
      HostSpec spec, SimulatedHost host, HostLayout layout, int port, LeaseStore lease) {
    try {
      return NodeDaemon.start(
          spec.backendId(),
          host,
          layout,
          new InetSocketAddress(spec.apiAddress(), port),
          token,
          clock,
          FencingSettings.inMemory().withStore(lease));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the daemon of "
              + spec.backendId()
              + " on "
              + spec.apiAddress()
              + ":"
              + port
              + " (is the port in use?)",
          e);
    }
  }
}

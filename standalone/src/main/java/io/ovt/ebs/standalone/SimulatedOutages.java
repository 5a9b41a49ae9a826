package io.ovt.ebs.standalone;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.ovt.ebs.daemon.SimulatedDaemons;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a person take a simulated storage host down and bring it back with kubectl, to walk through
 * a failover on this machine: a ConfigMap {@value #NAME} whose data maps a backend id to {@code
 * down} (its daemon stops answering and its replication links go dark, as when the host dies) or
 * {@code up}. It exists only in the embedded system; real hosts fail on their own.
 */
final class SimulatedOutages implements AutoCloseable {
  static final String NAME = "ebs-simulated-outages";
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedOutages.class);

  private final SimulatedDaemons daemons;
  private final Set<String> backends;
  private final Set<String> down = new java.util.HashSet<>();
  private final SharedIndexInformer<ConfigMap> informer;

  private SimulatedOutages(
      KubernetesClient client, String namespace, SimulatedDaemons daemons, Set<String> backends) {
    this.daemons = daemons;
    this.backends = Set.copyOf(backends);
    this.informer =
        client
            .configMaps()
            .inNamespace(namespace)
            .withName(NAME)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ConfigMap map) {
                    apply(map.getData());
                  }

                  @Override
                  public void onUpdate(ConfigMap before, ConfigMap after) {
                    apply(after.getData());
                  }

                  @Override
                  public void onDelete(ConfigMap map, boolean unknown) {
                    apply(Map.of());
                  }
                });
  }

  /** Watches the ConfigMap in {@code namespace} for outages of these backends. */
  static SimulatedOutages watch(
      KubernetesClient client, String namespace, SimulatedDaemons daemons, Set<String> backends) {
    return new SimulatedOutages(client, namespace, daemons, backends);
  }

  private synchronized void apply(Map<String, String> data) {
    Map<String, String> wanted = data == null ? Map.of() : new HashMap<>(data);
    for (String backend : backends) {
      boolean shouldBeDown = "down".equalsIgnoreCase(wanted.getOrDefault(backend, "up").trim());
      if (shouldBeDown && down.add(backend)) {
        LOG.warn("simulated outage: {} goes down (daemon stopped, DRBD and targets gone)", backend);
        daemons.stop(backend);
        daemons.host(backend).powerOff();
      } else if (!shouldBeDown && down.remove(backend)) {
        LOG.warn("simulated outage over: {} comes back", backend);
        daemons.restart(backend);
      }
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}

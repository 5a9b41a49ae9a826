package io.ovt.ebs.cindersync.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.cindersync.client.CinderApiException;
import io.ovt.ebs.cindersync.client.CinderClient;
import io.ovt.ebs.cindersync.client.Service;
import io.ovt.ebs.cindersync.mirror.ServiceStateSync;
import io.ovt.ebs.cindersync.mirror.ServiceStateSync.State;
import io.ovt.ebs.crds.Api;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.ReplicationPair;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the replication state between each cinder-volume service and the FailoverPolicy of the
 * pair that holds its backend, as {@link ServiceStateSync} decides.
 */
public final class ServiceMirror {
  /** The state Cinder and the policy last agreed on, on the policy: "backend frozen|thawed". */
  public static final String AGREED = Api.GROUP + "/cinder-agreed-state";

  /** A state Cinder refused to take, with its answer: not asked again until the policy moves. */
  public static final String REFUSED = Api.GROUP + "/cinder-refused-state";

  private static final Logger LOG = LoggerFactory.getLogger(ServiceMirror.class);

  private final KubernetesClient kube;
  private final CinderClient cinder;

  public ServiceMirror(KubernetesClient kube, CinderClient cinder) {
    this.kube = kube;
    this.cinder = cinder;
  }

  /** One pass over Cinder's volume services; returns what was decided for each. */
  public List<ServiceStateSync.Decision> pass() throws IOException, InterruptedException {
    List<ServiceStateSync.Decision> decisions = new ArrayList<>();
    // Listed once a pass, not once a service.
    List<StorageNode> nodes = kube.resources(StorageNode.class).list().getItems();
    List<ReplicationPair> pairs = kube.resources(ReplicationPair.class).list().getItems();
    List<FailoverPolicy> policies = kube.resources(FailoverPolicy.class).list().getItems();
    for (Service s : cinder.services()) {
      if (!"cinder-volume".equals(s.binary())) {
        continue;
      }
      if ("failing-over".equals(s.replicationStatus())) {
        // Cinder is in the middle of failover_host: its driver (the EBS driver) may be moving
        // the policy right now, and Cinder records the outcome when it returns. Taken next pass.
        continue;
      }
      Optional<FailoverPolicy> found = policyOf(s.host(), nodes, pairs, policies);
      if (found.isEmpty()) {
        continue;
      }
      FailoverPolicy policy = found.get();
      State inCinder =
          new State(ServiceStateSync.activeBackend(s.activeBackendId(), s.host()), s.isFrozen());
      State inPolicy =
          new State(
              policy.getSpec().getActiveBackend(),
              Boolean.TRUE.equals(policy.getSpec().getFrozen()));
      ServiceStateSync.Decision d =
          ServiceStateSync.decide(inCinder, inPolicy, parse(annotation(policy, AGREED)));
      apply(s.host(), policy, d);
      decisions.add(d);
    }
    return decisions;
  }

  private void apply(String host, FailoverPolicy policy, ServiceStateSync.Decision d)
      throws IOException, InterruptedException {
    String name = policy.getMetadata().getName();
    if (d instanceof ServiceStateSync.Record r) {
      annotate(name, AGREED, format(r.agreed()));
    } else if (d instanceof ServiceStateSync.ToPolicy p) {
      LOG.info("{}: Cinder's service {} moved to {}: the policy follows", name, host, p.state());
      kube.resources(FailoverPolicy.class)
          .withName(name)
          .edit(
              fp -> {
                fp.getSpec().setActiveBackend(p.state().activeBackend());
                fp.getSpec().setFrozen(p.state().frozen());
                setAnnotation(fp, AGREED, format(p.state()));
                return fp;
              });
    } else if (d instanceof ServiceStateSync.ToCinder c) {
      String refused = annotation(policy, REFUSED);
      if (refused != null && refused.startsWith(format(c.state()) + ":")) {
        return;
      }
      try {
        toCinder(host, c.state(), c.cinderHas());
        LOG.info("{}: Cinder's service {} told of {}", name, host, c.state());
      } catch (CinderApiException e) {
        if (e.status() >= 500) {
          throw e;
        }
        // A 4xx is Cinder's answer, not a passing fault: kept, not asked again blindly.
        LOG.warn("{}: Cinder refused {} for {}: {}", name, c.state(), host, e.getMessage());
        annotate(name, REFUSED, format(c.state()) + ": " + e.getMessage());
      }
    }
  }

  // Cinder takes a failover only on a thawed service; the freeze comes after.
  private void toCinder(String host, State want, State has)
      throws IOException, InterruptedException {
    if (!want.activeBackend().equals(has.activeBackend())) {
      if (has.frozen()) {
        cinder.thawHost(host);
      }
      cinder.failoverHost(
          host, want.activeBackend().equals(host) ? "default" : want.activeBackend());
      if (want.frozen()) {
        cinder.freezeHost(host);
      }
    } else if (want.frozen() != has.frozen()) {
      if (want.frozen()) {
        cinder.freezeHost(host);
      } else {
        cinder.thawHost(host);
      }
    }
  }

  private static Optional<FailoverPolicy> policyOf(
      String backendId,
      List<StorageNode> nodes,
      List<ReplicationPair> pairs,
      List<FailoverPolicy> policies) {
    Optional<String> node =
        nodes.stream()
            .filter(n -> n.getSpec() != null && backendId.equals(n.getSpec().getBackendId()))
            .map(n -> n.getMetadata().getName())
            .findFirst();
    if (node.isEmpty()) {
      return Optional.empty();
    }
    List<String> pairsOfNode =
        pairs.stream()
            .filter(p -> p.getSpec() != null && p.getSpec().getNodes().contains(node.get()))
            .map(p -> p.getMetadata().getName())
            .toList();
    return policies.stream()
        .filter(p -> p.getSpec() != null && pairsOfNode.contains(p.getSpec().getPair()))
        .findFirst();
  }

  private void annotate(String name, String key, String value) {
    kube.resources(FailoverPolicy.class)
        .withName(name)
        .edit(
            fp -> {
              setAnnotation(fp, key, value);
              return fp;
            });
  }

  private static void setAnnotation(FailoverPolicy fp, String key, String value) {
    Map<String, String> a =
        fp.getMetadata().getAnnotations() == null
            ? new HashMap<>()
            : new HashMap<>(fp.getMetadata().getAnnotations());
    a.put(key, value);
    fp.getMetadata().setAnnotations(a);
  }

  private static String annotation(FailoverPolicy p, String key) {
    return p.getMetadata().getAnnotations() == null
        ? null
        : p.getMetadata().getAnnotations().get(key);
  }

  static String format(State s) {
    return s.activeBackend() + " " + (s.frozen() ? "frozen" : "thawed");
  }

  static State parse(String text) {
    if (text == null) {
      return null;
    }
    String[] f = text.trim().split(" ");
    return f.length == 2 ? new State(f[0], f[1].equals("frozen")) : null;
  }
}

package io.ovt.ebs.cindersync.kube;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ovt.ebs.cindersync.mirror.MirrorAction;
import io.ovt.ebs.cindersync.mirror.MirrorNames;
import io.ovt.ebs.cindersync.mirror.SyncCondition;
import io.ovt.ebs.cindersync.mirror.SyncReason;
import io.ovt.ebs.cindersync.mirror.VolumeMirrorPlan.Mirrored;
import io.ovt.ebs.crds.common.ConditionStatus;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeExport;
import io.ovt.ebs.crds.volume.VolumeStatus;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the Volumes cinder-sync made and applies the plan's actions to them, one at a time. */
public final class VolumeMirror {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeMirror.class);

  // The operator writes the status too; a conflict means it did just now: read and try again.
  private static final int CONFLICT_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final String namespace;
  private final Clock clock;

  public VolumeMirror(KubernetesClient client, String namespace, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.clock = clock;
  }

  /** The Volumes cinder-sync made, as the plan reads them. */
  public List<Mirrored> mirrored() {
    return client
        .resources(Volume.class)
        .inNamespace(namespace)
        .withLabel(MirrorNames.MANAGED_BY, MirrorNames.CINDER_SYNC)
        .list()
        .getItems()
        .stream()
        .map(VolumeMirror::mirrored)
        .toList();
  }

  /** Names of the Volumes some VolumeExport attaches. */
  public Set<String> exported() {
    return client.resources(VolumeExport.class).inNamespace(namespace).list().getItems().stream()
        .filter(e -> e.getSpec() != null && e.getSpec().getVolume() != null)
        .map(e -> e.getSpec().getVolume())
        .collect(Collectors.toSet());
  }

  /** Applies one action; an action already done (a restart redoing it) is not an error. */
  public void apply(MirrorAction action) {
    if (action instanceof MirrorAction.Create c) {
      create(c);
    } else if (action instanceof MirrorAction.Grow g) {
      edit(
          g.name(),
          v -> {
            v.getSpec().setSize(g.size());
            return v;
          });
    } else if (action instanceof MirrorAction.NoteStatus n) {
      annotate(n.name(), MirrorNames.STATUS, n.cinderStatus());
    } else if (action instanceof MirrorAction.MarkGone m) {
      annotate(m.name(), MirrorNames.GONE_SINCE, m.since().toString());
    } else if (action instanceof MirrorAction.Delete d) {
      client.resources(Volume.class).inNamespace(namespace).withName(d.name()).delete();
      LOG.info("deleted Volume {}: its Cinder volume is gone", d.name());
    } else if (action instanceof MirrorAction.Report r) {
      LOG.warn("{}: {}", r.name(), r.message());
    }
  }

  /**
   * Writes the Volume's CinderSynced condition, under the version read, so that a status the
   * operator wrote meanwhile is not overwritten; a Volume gone meanwhile needs none.
   */
  public void show(SyncCondition condition) {
    for (int attempt = 1; ; attempt++) {
      Volume v =
          client.resources(Volume.class).inNamespace(namespace).withName(condition.name()).get();
      if (v == null) {
        return;
      }
      if (v.getStatus() == null) {
        v.setStatus(new VolumeStatus());
      }
      Conditions.set(
          v.getStatus(),
          ConditionType.CinderSynced,
          condition.synced() ? ConditionStatus.True : ConditionStatus.False,
          condition.reason(),
          condition.message(),
          v.getMetadata().getGeneration(),
          clock.instant());
      try {
        client.resource(v).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == CONFLICT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private void create(MirrorAction.Create c) {
    Volume v = new Volume();
    v.getMetadata().setName(c.name());
    v.getMetadata().setNamespace(namespace);
    v.getMetadata().setLabels(new HashMap<>(c.labels()));
    v.setSpec(c.spec());
    try {
      client.resources(Volume.class).inNamespace(namespace).resource(v).create();
      LOG.info("created Volume {} for Cinder volume {}", c.name(), c.spec().getCinder().getId());
    } catch (KubernetesClientException e) {
      // Made before a restart, or by the Cinder driver under the same name: the same volume.
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      LOG.info("Volume {} exists already", c.name());
    }
  }

  private void annotate(String name, String key, String value) {
    edit(
        name,
        v -> {
          Map<String, String> a =
              v.getMetadata().getAnnotations() == null
                  ? new HashMap<>()
                  : new HashMap<>(v.getMetadata().getAnnotations());
          a.put(key, value);
          v.getMetadata().setAnnotations(a);
          return v;
        });
  }

  private void edit(String name, java.util.function.UnaryOperator<Volume> change) {
    client.resources(Volume.class).inNamespace(namespace).withName(name).edit(change);
  }

  private static Mirrored mirrored(Volume v) {
    Map<String, String> a = annotations(v);
    return new Mirrored(
        v.getMetadata().getName(),
        v.getSpec().getCinder() == null ? null : v.getSpec().getCinder().getId(),
        v.getSpec().getSize(),
        a.get(MirrorNames.STATUS),
        instant(a.get(MirrorNames.GONE_SINCE)),
        Conditions.find(v.getStatus(), ConditionType.CinderSynced)
            .map(c -> shown(v.getMetadata().getName(), c))
            .orElse(null));
  }

  private static SyncCondition shown(String name, Condition c) {
    SyncReason reason;
    try {
      reason = SyncReason.valueOf(c.getReason());
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
    return new SyncCondition(
        name, "True".equals(c.getStatus()), reason, String.valueOf(c.getMessage()));
  }

  private static Map<String, String> annotations(HasMetadata o) {
    return o.getMetadata().getAnnotations() == null ? Map.of() : o.getMetadata().getAnnotations();
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

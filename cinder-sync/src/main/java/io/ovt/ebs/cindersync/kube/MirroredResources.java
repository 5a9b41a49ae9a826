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
import io.ovt.ebs.crds.common.EbsStatus;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes cinder-sync makes to the resources of one kind it mirrors (Volumes, Snapshots) in one
 * namespace: create, annotate, delete, and its CinderSynced condition.
 */
final class MirroredResources<T extends HasMetadata> {
  private static final Logger LOG = LoggerFactory.getLogger(MirroredResources.class);

  // The operator writes the status too; a conflict means it did just now: read and try again.
  private static final int CONFLICT_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final String namespace;
  private final Class<T> type;
  private final Function<T, EbsStatus> status;
  private final Clock clock;

  /** {@code status} returns the resource's status, adding an empty one when it has none. */
  MirroredResources(
      KubernetesClient client,
      String namespace,
      Class<T> type,
      Function<T, EbsStatus> status,
      Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.type = type;
    this.status = status;
    this.clock = clock;
  }

  /** The resources of this kind cinder-sync made. */
  List<T> list() {
    return client
        .resources(type)
        .inNamespace(namespace)
        .withLabel(MirrorNames.MANAGED_BY, MirrorNames.CINDER_SYNC)
        .list()
        .getItems();
  }

  /** A resource as the plans read it; {@code size} is its spec's, or null. */
  Mirrored mirrored(T r, String cinderId, String size) {
    Map<String, String> a =
        r.getMetadata().getAnnotations() == null ? Map.of() : r.getMetadata().getAnnotations();
    return new Mirrored(
        r.getMetadata().getName(),
        cinderId,
        size,
        a.get(MirrorNames.STATUS),
        instant(a.get(MirrorNames.GONE_SINCE)),
        Conditions.find(status.apply(r), ConditionType.CinderSynced)
            .map(c -> shown(r.getMetadata().getName(), c))
            .orElse(null));
  }

  /** Creates it; one that exists (made before a restart, or by the driver) is the same one. */
  void create(T r, String cinderId) {
    r.getMetadata().setNamespace(namespace);
    String kind = type.getSimpleName();
    try {
      client.resources(type).inNamespace(namespace).resource(r).create();
      LOG.info("created {} {} for Cinder's {}", kind, r.getMetadata().getName(), cinderId);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      LOG.info("{} {} exists already", kind, r.getMetadata().getName());
    }
  }

  /** Applies the actions every kind shares; false for one this class does not know. */
  boolean applyCommon(MirrorAction action) {
    if (action instanceof MirrorAction.NoteStatus n) {
      annotate(n.name(), MirrorNames.STATUS, n.cinderStatus());
    } else if (action instanceof MirrorAction.MarkGone m) {
      annotate(m.name(), MirrorNames.GONE_SINCE, m.since().toString());
    } else if (action instanceof MirrorAction.Delete d) {
      client.resources(type).inNamespace(namespace).withName(d.name()).delete();
      LOG.info("deleted {} {}: its Cinder record is gone", type.getSimpleName(), d.name());
    } else if (action instanceof MirrorAction.Report r) {
      LOG.warn("{}: {}", r.name(), r.message());
    } else {
      return false;
    }
    return true;
  }

  /** Edits the resource's spec or metadata. */
  void edit(String name, UnaryOperator<T> change) {
    client.resources(type).inNamespace(namespace).withName(name).edit(change);
  }

  /**
   * Writes the CinderSynced condition under the version read, so that a status the operator wrote
   * meanwhile is not overwritten; a resource gone meanwhile needs none.
   */
  void show(SyncCondition condition) {
    for (int attempt = 1; ; attempt++) {
      T r = client.resources(type).inNamespace(namespace).withName(condition.name()).get();
      if (r == null) {
        return;
      }
      Conditions.set(
          status.apply(r),
          ConditionType.CinderSynced,
          condition.synced() ? ConditionStatus.True : ConditionStatus.False,
          condition.reason(),
          condition.message(),
          r.getMetadata().getGeneration(),
          clock.instant());
      try {
        client.resource(r).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == CONFLICT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private void annotate(String name, String key, String value) {
    edit(
        name,
        r -> {
          Map<String, String> a =
              r.getMetadata().getAnnotations() == null
                  ? new HashMap<>()
                  : new HashMap<>(r.getMetadata().getAnnotations());
          a.put(key, value);
          r.getMetadata().setAnnotations(a);
          return r;
        });
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

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

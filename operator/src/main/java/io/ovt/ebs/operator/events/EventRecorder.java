package io.ovt.ebs.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Posts Kubernetes events about EBS resources; a failure to post is logged, never fatal. */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "ebs-operator";

  /** Normal or Warning, as Kubernetes types events. */
  public enum Type {
    Normal,
    Warning
  }

  /** Told of every event the operator posts, whether or not posting it succeeded. */
  @FunctionalInterface
  public interface Listener {
    /** The event about the object, with its type and reason. */
    void recorded(HasMetadata object, Type type, String reason);
  }

  private final KubernetesClient client;
  private final Clock clock;
  private final Listener listener;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this(client, clock, (object, type, reason) -> {});
  }

  public EventRecorder(KubernetesClient client, Clock clock, Listener listener) {
    this.client = client;
    this.clock = clock;
    this.listener = listener;
  }

  /** Records an event about the object. */
  public void record(HasMetadata object, Type type, Enum<?> reason, String message) {
    record(object, type, reason.name(), message);
  }

  /** Records an event about the object, with a condition's reason as it stands in status. */
  public void record(HasMetadata object, Type type, String reason, String message) {
    String namespace =
        object.getMetadata().getNamespace() == null
            ? "default"
            : object.getMetadata().getNamespace();
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(
                object.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(object.getApiVersion())
                    .withKind(object.getKind())
                    .withName(object.getMetadata().getName())
                    .withNamespace(object.getMetadata().getNamespace())
                    .withUid(object.getMetadata().getUid())
                    .build())
            .withType(type.name())
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    listener.recorded(object, type, reason);
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} on {} {}: {}",
          reason,
          object.getKind().toLowerCase(Locale.ROOT),
          object.getMetadata().getName(),
          e.getMessage());
    }
  }
}

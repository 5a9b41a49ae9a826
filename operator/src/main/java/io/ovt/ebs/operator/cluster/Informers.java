package io.ovt.ebs.operator.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Builds informer event sources of other EBS kinds for a reconciler. */
public final class Informers {
  private Informers() {}

  /** An informer of {@code kind} whose changes reconcile the primaries the mapper names. */
  public static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> of(
      Class<R> kind, EventSourceContext<P> context, SecondaryToPrimaryMapper<R> mapper) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, context.getPrimaryResourceClass())
            .withSecondaryToPrimaryMapper(mapper)
            .build(),
        context);
  }

  /**
   * An informer of {@code kind} whose changes reconcile the primaries the mapper names, leaving out
   * the updates {@code updates} does not accept (the cache still takes them).
   */
  public static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> of(
      Class<R> kind,
      EventSourceContext<P> context,
      SecondaryToPrimaryMapper<R> mapper,
      OnUpdateFilter<R> updates) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(kind, context.getPrimaryResourceClass())
            .withSecondaryToPrimaryMapper(mapper)
            .withOnUpdateFilter(updates)
            .build(),
        context);
  }

  /** A mapper to the primaries in the controller's cache that the predicate selects. */
  public static <R, P extends HasMetadata> SecondaryToPrimaryMapper<R> toPrimaries(
      EventSourceContext<P> context, java.util.function.Function<R, Predicate<P>> selector) {
    return secondary ->
        context
            .getPrimaryCache()
            .list(selector.apply(secondary))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet());
  }

  /** A mapper that reconciles nothing: the informer is only a cache. */
  public static <R> SecondaryToPrimaryMapper<R> none() {
    return secondary -> Set.of();
  }
}

package io.ovt.ebs.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A cache holding the resources it was given, for decisions tested without any server. */
public final class FixedCache<T extends HasMetadata> implements Cache<T> {
  private final List<T> items;

  private FixedCache(List<T> items) {
    this.items = items;
  }

  /** A cache of these resources. */
  @SafeVarargs
  public static <T extends HasMetadata> FixedCache<T> of(T... items) {
    return new FixedCache<>(new ArrayList<>(Arrays.asList(items)));
  }

  /** Adds a resource, as an informer would see it appear. */
  public void add(T item) {
    items.add(item);
  }

  @Override
  public Optional<T> get(ResourceID id) {
    return items.stream().filter(i -> ResourceID.fromResource(i).equals(id)).findFirst();
  }

  @Override
  public Stream<ResourceID> keys() {
    return items.stream().map(ResourceID::fromResource);
  }

  @Override
  public Stream<T> list(Predicate<T> predicate) {
    return items.stream().filter(predicate);
  }
}

package io.ovt.ebs.bench;

import io.ovt.ebs.crds.volume.Provisioning;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeSpec;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * What bounds P2 from below: the embedded API alone (no operator, no daemons) taking N Volume
 * creates from 8 clients, then one status write each, as P2's burst sends them.
 */
final class ApiBaseline {
  /** The two phases' durations. */
  record Result(int volumes, Duration creates, Duration statusWrites) {}

  private ApiBaseline() {}

  static Result measure(int volumes) throws Exception {
    try (EmbeddedKubernetesApi api = EmbeddedKubernetesApi.start(0);
        var client = api.newClient()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        Instant start = Instant.now();
        List<Volume> created =
            all(
                pool,
                IntStream.range(0, volumes)
                    .mapToObj(i -> () -> client.resource(volume(i)).create()));
        Instant createdAt = Instant.now();
        all(
            pool,
            created.stream()
                .map(
                    v ->
                        () -> {
                          v.setStatus(new io.ovt.ebs.crds.volume.VolumeStatus());
                          v.getStatus().setPrimaryNode("hci-0001");
                          return client.resource(v).updateStatus();
                        }));
        return new Result(
            volumes,
            Duration.between(start, createdAt),
            Duration.between(createdAt, Instant.now()));
      } finally {
        pool.shutdown();
      }
    }
  }

  private static List<Volume> all(
      ExecutorService pool, java.util.stream.Stream<java.util.concurrent.Callable<Volume>> calls)
      throws Exception {
    List<Future<Volume>> futures = calls.map(pool::submit).toList();
    List<Volume> done = new java.util.ArrayList<>();
    for (Future<Volume> f : futures) {
      done.add(f.get());
    }
    return done;
  }

  private static Volume volume(int i) {
    Volume volume = new Volume();
    volume.getMetadata().setName(String.format("vol-%05d", i));
    volume.getMetadata().setNamespace(BenchCluster.NS);
    VolumeSpec spec = new VolumeSpec();
    spec.setSize("1Gi");
    spec.setProvisioning(Provisioning.THIN);
    volume.setSpec(spec);
    return volume;
  }
}

package io.ovt.ebs.standalone;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ovt.ebs.crds.common.ConditionType;
import io.ovt.ebs.crds.common.Conditions;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Applies the examples, follows the volume until it is replicated, and prints the tables. */
final class Walkthrough {
  private static final Duration POLL = Duration.ofMillis(500);

  private final LocalSystem system;
  private final PrintStream out;

  Walkthrough(LocalSystem system, PrintStream out) {
    this.system = system;
    this.out = out;
  }

  /** Runs it; true when the volume became Ready within the timeout. */
  boolean run(Path examples, Duration timeout) throws InterruptedException {
    out.println("Embedded Kubernetes API at " + system.apiUrl());
    out.println("kubeconfig for kubectl: " + system.kubeconfig());
    out.println();
    List<HasMetadata> applied = Examples.apply(system.client(), examples);
    applied.forEach(
        r ->
            out.println(
                "applied "
                    + r.getKind().toLowerCase(Locale.ROOT)
                    + "/"
                    + r.getMetadata().getName()));
    HasMetadata volume =
        applied.stream()
            .filter(r -> "Volume".equals(r.getKind()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the examples have no Volume"));
    boolean ready = follow(volume, timeout);
    StatusTables tables = new StatusTables(system.client());
    Volume latest = fetch(volume);
    out.println();
    out.println("$ openstack volume service list --long   # kubectl get storagenodes");
    out.print(tables.serviceList());
    out.println();
    out.println("$ kubectl get replicationpairs,failoverpolicies");
    out.print(tables.pairs());
    out.println();
    out.println(
        "$ openstack volume show "
            + volume.getMetadata().getName()
            + "   # kubectl get volume -o yaml");
    out.print(tables.volumeShow(latest));
    out.println();
    if (!ready) {
      out.println("The volume did not become Ready within " + timeout.toSeconds() + " s.");
    }
    return ready;
  }

  private boolean follow(HasMetadata volume, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String last = null;
    while (Instant.now().isBefore(deadline)) {
      VolumeStatus status = fetch(volume).getStatus();
      String line = describe(status);
      if (!Objects.equals(line, last)) {
        out.println("volume " + volume.getMetadata().getName() + ": " + line);
        last = line;
      }
      if (status != null && Conditions.isTrue(status, ConditionType.Ready)) {
        return true;
      }
      Thread.sleep(POLL.toMillis());
    }
    return false;
  }

  private Volume fetch(HasMetadata volume) {
    return system
        .client()
        .resources(Volume.class)
        .inNamespace(volume.getMetadata().getNamespace())
        .withName(volume.getMetadata().getName())
        .get();
  }

  private static String describe(VolumeStatus status) {
    if (status == null || status.getState() == null) {
      return "waiting for the operator";
    }
    String sync =
        status.getSyncPercent() == null
            ? ""
            : String.format(Locale.ROOT, " %.0f%%", status.getSyncPercent());
    String why =
        Conditions.find(status, ConditionType.Ready).map(c -> " - " + c.getMessage()).orElse("");
    return status.getState() + sync + why;
  }
}

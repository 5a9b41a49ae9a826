package io.ovt.ebs.e2e;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Boots a {@link VmCluster} for a test class (registered on a static field) or for each test
 * (registered on an instance field), closes it afterwards, and prints every VM's console, QEMU log
 * and kernel log when a test fails, while the VMs still run.
 */
public final class VmClusterExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        TestExecutionExceptionHandler {
  private final Supplier<VmCluster.Options> options;
  private VmCluster cluster;
  private boolean perClass;

  /** A cluster with {@link VmCluster.Options#defaults()}. */
  public VmClusterExtension() {
    this(VmCluster.Options::defaults);
  }

  /** A cluster with the given options, resolved when the cluster boots. */
  public VmClusterExtension(Supplier<VmCluster.Options> options) {
    this.options = options;
  }

  /** The running cluster. */
  public VmCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("the VM cluster is not running");
    }
    return cluster;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    boot();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      boot();
    }
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    if (cluster != null) {
      System.out.println(cluster.diagnostics());
    }
    throw failure;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      shutDown();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    shutDown();
  }

  private void boot() {
    cluster = VmCluster.start(options.get());
    System.out.printf(
        "VM cluster booted in %.1f s (%s) in %s%n",
        cluster.bootTime().toMillis() / 1000.0,
        cluster.vms().stream()
            .map(vm -> vm.name() + " " + vm.bootTime().toMillis() / 100 / 10.0 + " s")
            .reduce((a, b) -> a + ", " + b)
            .orElse(""),
        cluster.runDir());
  }

  private void shutDown() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}

package io.ovt.ebs.daemon.sim;

import io.ovt.ebs.daemon.host.StorageException;
import io.ovt.ebs.nodeapi.ErrorCode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Failure switches of a simulated host: make an operation fail once or until cleared. */
public final class SimFaults {
  private record Fault(String stderr, boolean once) {}

  private final Map<SimOperation, Fault> faults = new EnumMap<>(SimOperation.class);

  /** The next run of the operation fails with that stderr, as a failed command would. */
  public synchronized void failNext(SimOperation operation, String stderr) {
    faults.put(operation, new Fault(stderr, true));
  }

  /** Every run of the operation fails until {@link #clear()}. */
  public synchronized void failAlways(SimOperation operation, String stderr) {
    faults.put(operation, new Fault(stderr, false));
  }

  /** Removes every fault. */
  public synchronized void clear() {
    faults.clear();
  }

  /** Throws the injected failure of this operation, if any. */
  synchronized void check(SimOperation operation, List<String> command) throws StorageException {
    Fault fault = faults.get(operation);
    if (fault == null) {
      return;
    }
    if (fault.once()) {
      faults.remove(operation);
    }
    throw new StorageException(
        ErrorCode.COMMAND_FAILED,
        String.join(" ", command) + " failed: " + fault.stderr(),
        command,
        fault.stderr());
  }
}

package io.ovt.ebs.operator.testing;

import io.ovt.ebs.embedded.ApiAccess;
import io.ovt.ebs.embedded.ApiAccessFile;
import java.util.Collection;

/**
 * Every kind of Kubernetes API call the operator made in these tests, written to the file the
 * system property {@code ebs.operatorAccessFile} names: the chart's RBAC is checked against it.
 */
public final class OperatorAccess {
  /** The user agent of the operator's client in tests. */
  public static final String USER_AGENT = "ebs-operator";

  private static final ApiAccessFile FILE = new ApiAccessFile("ebs.operatorAccessFile");

  private OperatorAccess() {}

  /** Adds what one test cluster's operator called. */
  static void record(Collection<ApiAccess> accesses) {
    FILE.record(accesses);
  }
}

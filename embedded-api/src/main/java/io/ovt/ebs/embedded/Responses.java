package io.ovt.ebs.embedded;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;

/** Builds JSON answers and Kubernetes {@code Status} errors. */
final class Responses {

  static final String JSON = "application/json";

  private final KubernetesSerialization serialization;

  Responses(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  /** An object as JSON with the plain JSON content type. */
  MockResponse json(int code, Object body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", JSON)
        .setBody(serialization.asJson(body));
  }

  /** A failure {@code Status}, which kubectl prints as "Error from server (reason): message". */
  MockResponse status(int code, String reason, String message) {
    Status status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(code)
            .withReason(reason)
            .withMessage(message)
            .build();
    return json(code, status);
  }

  /** Plain text, as {@code /healthz} answers. */
  static MockResponse text(int code, String body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "text/plain; charset=utf-8")
        .setBody(body);
  }
}

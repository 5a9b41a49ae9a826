package io.ovt.ebs.embedded;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.HttpURLConnection;

/**
 * Answers the self-review POSTs, which the CRUD mock would store and answer 422: JOSDK's leader
 * election posts a SelfSubjectRulesReview first and gives up unless leases are granted.
 */
final class AuthorizationStubs {

  static final String PREFIX = "/apis/authorization.k8s.io/v1/";

  private final KubernetesSerialization serialization;
  private final Responses responses;

  AuthorizationStubs(KubernetesSerialization serialization, Responses responses) {
    this.serialization = serialization;
    this.responses = responses;
  }

  private static final String RULES = PREFIX + "selfsubjectrulesreviews";
  private static final String ACCESS = PREFIX + "selfsubjectaccessreviews";

  /** True for the POST paths answered here. */
  static boolean handles(String path) {
    return path.equals(RULES) || path.equals(ACCESS);
  }

  /** The answer to a POST of a self review at {@code path}. */
  MockResponse answer(String path, String body) {
    return path.equals(RULES) ? rulesReview(body) : accessReview(body);
  }

  private MockResponse rulesReview(String body) {
    SelfSubjectRulesReview review = serialization.unmarshal(body, SelfSubjectRulesReview.class);
    review.setStatus(
        new SubjectRulesReviewStatusBuilder()
            .withIncomplete(false)
            .addToResourceRules(
                new ResourceRuleBuilder()
                    .withApiGroups("coordination.k8s.io")
                    .withResources("leases")
                    .withVerbs("*")
                    .build())
            .build());
    return responses.json(HttpURLConnection.HTTP_CREATED, review);
  }

  private MockResponse accessReview(String body) {
    SelfSubjectAccessReview review = serialization.unmarshal(body, SelfSubjectAccessReview.class);
    review.setStatus(
        new SubjectAccessReviewStatusBuilder()
            .withAllowed(true)
            .withReason("the embedded API has no authorization")
            .build());
    return responses.json(HttpURLConnection.HTTP_CREATED, review);
  }
}

package io.ovt.ebs.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.ovt.ebs.embedded.ApiAccess;
import io.ovt.ebs.embedded.ApiAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC against what the operator really calls: the operator module's tests log every
 * kind of call its client makes on the embedded API (operator/target/operator-api-access.txt).
 */
class RbacTest {
  private static final Path USED = Helm.REPO.resolve("operator/target/operator-api-access.txt");

  /** The kinds the operator's reconcilers own. */
  private static final List<String> RECONCILED =
      List.of(
          "storagenodes",
          "replicationpairs",
          "failoverpolicies",
          "volumes",
          "snapshots",
          "volumeexports");

  @Test
  void theOperatorIsGrantedExactlyWhatItCallsInItsTests() throws Exception {
    assertThat(USED)
        .as("written by the operator module's tests (mvn verify runs them before this module)")
        .exists();
    Set<ApiAccess> used = ApiAccessFile.read(USED);
    Set<ApiAccess> granted = granted(Helm.template(List.of(), false));
    // The operator SDK re-reads a reconciled resource by name when a write of it conflicts: a get
    // on every primary kind is needed though a test run sees it only when a conflict happens.
    Set<ApiAccess> needed = new HashSet<>(used);
    for (String kind : RECONCILED) {
      needed.add(new ApiAccess("ebs.ovt.io", kind, "get"));
    }

    Set<String> missing = names(used, granted);
    Set<String> unused = names(granted, needed);
    assertThat(missing).as("the operator calls these; the chart does not grant them").isEmpty();
    assertThat(unused).as("the chart grants these; nothing the operator does uses them").isEmpty();
  }

  @Test
  void theRolesAreBoundToTheOperatorsServiceAccountAndTheLeasesOnlyInItsNamespace() {
    List<HasMetadata> objects = Helm.template(List.of(), false);
    String account = "ebs-operator";
    for (HasMetadata o : objects) {
      List<Subject> subjects =
          o instanceof ClusterRoleBinding b
              ? b.getSubjects()
              : o instanceof RoleBinding b ? b.getSubjects() : List.of();
      for (Subject s : subjects) {
        assertThat(s.getKind()).isEqualTo("ServiceAccount");
        assertThat(s.getName()).isEqualTo(account);
        assertThat(s.getNamespace()).isEqualTo(Helm.NAMESPACE);
      }
    }
    for (HasMetadata o : objects) {
      if (o instanceof ClusterRole role) {
        assertThat(role.getRules()).noneMatch(r -> r.getResources().contains("leases"));
      }
    }
  }

  /** Every (group, resource, verb) the operator's roles grant; wildcards are refused outright. */
  private static Set<ApiAccess> granted(List<HasMetadata> objects) {
    Set<ApiAccess> granted = new HashSet<>();
    for (HasMetadata o : objects) {
      List<PolicyRule> rules =
          o instanceof ClusterRole c
              ? c.getRules()
              : o instanceof Role r ? r.getRules() : List.of();
      for (PolicyRule rule : rules) {
        assertThat(rule.getResourceNames()).as("no per-name rules").isNullOrEmpty();
        for (String group : rule.getApiGroups()) {
          for (String resource : rule.getResources()) {
            for (String verb : rule.getVerbs()) {
              assertThat(List.of(group, resource, verb)).doesNotContain("*");
              granted.add(new ApiAccess(group, resource, verb));
            }
          }
        }
      }
    }
    return granted;
  }

  private static Set<String> names(Set<ApiAccess> these, Set<ApiAccess> butNotIn) {
    Set<String> left = new TreeSet<>();
    for (ApiAccess a : these) {
      if (!butNotIn.contains(a)) {
        left.add((a.group().isEmpty() ? "core" : a.group()) + " " + a.resource() + " " + a.verb());
      }
    }
    return left;
  }
}

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
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC against what the operator and cinder-sync really call: their modules' tests log
 * every kind of call their clients make on the embedded API (target/*-api-access.txt).
 */
class RbacTest {
  private static final Path USED = Helm.REPO.resolve("operator/target/operator-api-access.txt");
  private static final Path SYNC_USED =
      Helm.REPO.resolve("cinder-sync/target/cinder-sync-api-access.txt");
  private static final String OPERATOR = "ebs-operator";
  private static final String CINDER_SYNC = "ebs-cinder-sync";

  /** The kinds the operator's reconcilers own. */
  private static final List<String> RECONCILED =
      List.of(
          "storagenodes",
          "replicationpairs",
          "failoverpolicies",
          "volumes",
          "snapshots",
          "volumeexports",
          "imageuploads");

  @Test
  void theOperatorIsGrantedExactlyWhatItCallsInItsTests() throws Exception {
    assertThat(USED)
        .as("written by the operator module's tests (mvn verify runs them before this module)")
        .exists();
    Set<ApiAccess> used = ApiAccessFile.read(USED);
    Set<ApiAccess> granted = granted(Helm.template(List.of(), false), OPERATOR);
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
  void cinderSyncIsGrantedExactlyWhatItCallsInItsTests() throws Exception {
    assertThat(SYNC_USED)
        .as("written by the cinder-sync module's tests (mvn verify runs them before this module)")
        .exists();
    Set<ApiAccess> used = ApiAccessFile.read(SYNC_USED);
    Set<ApiAccess> granted =
        granted(Helm.template(List.of(Helm.values("cinder-sync-noauth.yaml")), false), CINDER_SYNC);
    assertThat(names(used, granted))
        .as("cinder-sync calls these; the chart does not grant them")
        .isEmpty();
    assertThat(names(granted, used))
        .as("the chart grants these; nothing cinder-sync does uses them")
        .isEmpty();
  }

  @Test
  void theRolesAreBoundToTheirComponentsServiceAccountAndTheLeasesOnlyInItsNamespace() {
    List<HasMetadata> objects =
        Helm.template(List.of(Helm.values("cinder-sync-noauth.yaml")), false);
    for (HasMetadata o : objects) {
      List<Subject> subjects =
          o instanceof ClusterRoleBinding b
              ? b.getSubjects()
              : o instanceof RoleBinding b ? b.getSubjects() : List.of();
      for (Subject s : subjects) {
        assertThat(s.getKind()).isEqualTo("ServiceAccount");
        // Each component's bindings are named after it, and bind its account alone.
        String account = o.getMetadata().getName().startsWith(CINDER_SYNC) ? CINDER_SYNC : OPERATOR;
        assertThat(s.getName()).as(o.getMetadata().getName()).isEqualTo(account);
        assertThat(s.getNamespace()).isEqualTo(Helm.NAMESPACE);
      }
    }
    for (HasMetadata o : objects) {
      if (o instanceof ClusterRole role) {
        assertThat(role.getRules()).noneMatch(r -> r.getResources().contains("leases"));
      }
    }
  }

  /**
   * Every (group, resource, verb) the roles bound to the service account grant; wildcards are
   * refused outright.
   */
  private static Set<ApiAccess> granted(List<HasMetadata> objects, String account) {
    Set<String> bound = new HashSet<>();
    for (HasMetadata o : objects) {
      List<Subject> subjects =
          o instanceof ClusterRoleBinding b
              ? b.getSubjects()
              : o instanceof RoleBinding b ? b.getSubjects() : List.of();
      String role =
          o instanceof ClusterRoleBinding b
              ? "ClusterRole/" + b.getRoleRef().getName()
              : o instanceof RoleBinding b ? "Role/" + b.getRoleRef().getName() : null;
      if (subjects.stream().anyMatch(s -> account.equals(s.getName()))) {
        bound.add(role);
      }
    }
    Set<ApiAccess> granted = new HashSet<>();
    for (HasMetadata o : objects) {
      if (!bound.contains(o.getKind() + "/" + o.getMetadata().getName())) {
        continue;
      }
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

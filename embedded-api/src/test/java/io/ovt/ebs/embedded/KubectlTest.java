package io.ovt.ebs.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.FailoverPolicyStatus;
import io.ovt.ebs.crds.volume.DrbdAllocation;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.crds.volume.VolumeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real kubectl v1.35 against the embedded API: discovery, apply, tables, delete. */
class KubectlTest {

  @TempDir Path tmp;

  private EmbeddedKubernetesApi api;
  private KubernetesClient client;
  private Kubectl kubectl;

  @BeforeEach
  void start() throws IOException {
    Path binary = Kubectl.locate();
    api = EmbeddedKubernetesApi.start(0);
    client = api.newClient();
    Path home = Files.createDirectories(tmp.resolve("home"));
    kubectl = new Kubectl(binary, api.writeKubeconfig(tmp.resolve("kubeconfig")), home);
  }

  @AfterEach
  void stop() {
    client.close();
    api.close();
  }

  @Test
  void versionReportsTheServer() {
    String out = kubectl.run("version").assertOk().stdout();

    assertThat(out).contains("Client Version: v1.35").contains("Server Version: v1.35");
  }

  @Test
  void apiResourcesFallsBackToLegacyDiscoveryAndListsEbsKinds() {
    Kubectl.Result result = kubectl.run("api-resources", "-v=6").assertOk();

    assertThat(lineStartingWith(result.stdout(), "volumes"))
        .containsSubsequence("ebsvol,ebsv", "ebs.ovt.io/v1alpha1", "true", "Volume");
    assertThat(lineStartingWith(result.stdout(), "storagenodes"))
        .containsSubsequence("sn", "ebs.ovt.io/v1alpha1", "false", "StorageNode");
    assertThat(lineStartingWith(result.stdout(), "leases")).contains("coordination.k8s.io/v1");
    // only legacy discovery fetches each group version: proof kubectl fell back
    assertThat(result.stderr()).containsPattern("/apis/ebs\\.ovt\\.io/v1alpha1\\S*\" status=\"200");
  }

  @Test
  void applyGetAndDeleteEbsResources() throws IOException {
    Path samples = writeSamples();

    assertThat(
            kubectl.run("apply", "--validate=false", "-f", samples.toString()).assertOk().stdout())
        .contains(
            "storagenode.ebs.ovt.io/hci-0001 created",
            "replicationpair.ebs.ovt.io/pair-a created",
            "failoverpolicy.ebs.ovt.io/pair-a created",
            "volume.ebs.ovt.io/vol-1 created");
    writeStatuses();

    String ebs = kubectl.run("get", "ebs").assertOk().stdout();
    assertThat(ebs)
        .contains("storagenode.ebs.ovt.io/hci-0001", "volume.ebs.ovt.io/vol-1")
        .contains("BACKEND", "PAIR", "ACTIVE", "PROVISIONING", "PRIMARY")
        .contains("hci-0001@EBS", "Available");

    String volumes = kubectl.run("get", "volumes").assertOk().stdout();
    assertThat(header(volumes))
        .startsWith("NAME", "SIZE", "PROVISIONING", "STATUS", "PRIMARY")
        .containsExactlyElementsOf(expectedHeader("volumes"));
    List<String> row = words(lineStartingWith(volumes, "vol-1"));
    assertThat(row.subList(0, 7))
        .containsExactly("vol-1", "10Gi", "thin", "Available", "hci-0001", "hci-0002", "1000");
    assertThat(row.get(row.size() - 1)).matches("[0-9]+[smhd].*");

    String policies = kubectl.run("get", "fp").assertOk().stdout();
    assertThat(header(policies)).contains("READY");
    assertThat(words(lineStartingWith(policies, "pair-a"))).contains("True", "hci-0001@EBS");

    String nodes = kubectl.run("get", "sn").assertOk().stdout();
    assertThat(nodes).contains("hci-0001", "hci-0002", "10.0.0.2");
    assertThat(kubectl.run("get", "volume", "vol-1").assertOk().stdout()).contains("Available");

    Kubectl.Result missing = kubectl.run("get", "volume", "nope");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stderr()).contains("volumes.ebs.ovt.io \"nope\" not found");

    assertThat(kubectl.run("delete", "-f", samples.toString()).assertOk().stdout())
        .contains("volume.ebs.ovt.io \"vol-1\" deleted", "storagenode.ebs.ovt.io \"hci-0002\"");
    assertThat(client.resources(Volume.class).list().getItems()).isEmpty();
    assertThat(client.resources(StorageNode.class).list().getItems()).isEmpty();
    Kubectl.Result none = kubectl.run("get", "ebs").assertOk();
    assertThat(none.stdout() + none.stderr()).contains("No resources found");
  }

  @Test
  void kubectlStatusPatchChangesOnlyStatus() throws IOException {
    kubectl.run("apply", "--validate=false", "-f", writeSamples().toString()).assertOk();

    kubectl
        .run(
            "patch",
            "volume",
            "vol-1",
            "--subresource=status",
            "--type=merge",
            "-p",
            "{\"status\":{\"state\":\"Degraded\"},\"spec\":{\"size\":\"99Gi\"}}")
        .assertOk();
    kubectl
        .run("patch", "volume", "vol-1", "--type=merge", "-p", "{\"status\":{\"state\":\"Error\"}}")
        .assertOk();

    Volume volume = client.resources(Volume.class).withName("vol-1").get();
    assertThat(volume.getStatus().getState()).isEqualTo(VolumeState.Degraded);
    assertThat(volume.getSpec().getSize()).isEqualTo("10Gi");
  }

  private void writeStatuses() {
    Volume volume = client.resources(Volume.class).withName("vol-1").get();
    VolumeStatus status = new VolumeStatus();
    status.setState(VolumeState.Available);
    status.setPrimaryNode("hci-0001");
    status.setSecondaryNode("hci-0002");
    DrbdAllocation drbd = new DrbdAllocation();
    drbd.setMinor(1000);
    drbd.setPort(7001);
    status.setDrbd(drbd);
    volume.setStatus(status);
    client.resource(volume).updateStatus();

    FailoverPolicy policy = client.resources(FailoverPolicy.class).withName("pair-a").get();
    FailoverPolicyStatus policyStatus = new FailoverPolicyStatus();
    policyStatus
        .getConditions()
        .add(new ConditionBuilder().withType("Ready").withStatus("True").withReason("Ok").build());
    policy.setStatus(policyStatus);
    client.resource(policy).updateStatus();
  }

  private Path writeSamples() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("samples"));
    Files.writeString(
        dir.resolve("01-storagenodes.yaml"),
        node("hci-0001", "10.0.0.1") + "---\n" + node("hci-0002", "10.0.0.2"));
    Files.writeString(
        dir.resolve("02-pair.yaml"),
        """
        apiVersion: ebs.ovt.io/v1alpha1
        kind: ReplicationPair
        metadata:
          name: pair-a
        spec:
          nodes: [hci-0001, hci-0002]
          mode: full-sync
        ---
        apiVersion: ebs.ovt.io/v1alpha1
        kind: FailoverPolicy
        metadata:
          name: pair-a
        spec:
          pair: pair-a
          activeBackend: hci-0001@EBS
          automatic: true
        """);
    Files.writeString(
        dir.resolve("03-volume.yaml"),
        """
        apiVersion: ebs.ovt.io/v1alpha1
        kind: Volume
        metadata:
          name: vol-1
        spec:
          size: 10Gi
          provisioning: thin
          replication:
            pair: pair-a
        """);
    return dir;
  }

  private static String node(String name, String address) {
    return """
        apiVersion: ebs.ovt.io/v1alpha1
        kind: StorageNode
        metadata:
          name: %s
        spec:
          backendId: %s@EBS
          address: %s
          replicationAddress: %s
          volumeGroup: ebs-vg
        """
        .formatted(name, name, address, address.replace("10.0.", "10.1."));
  }

  /** NAME, then the CRD's printer column names as kubectl upper-cases them. */
  private static List<String> expectedHeader(String plural) {
    List<String> header = new ArrayList<>(List.of("NAME"));
    CrdRegistry.ebsDefinitions(new KubernetesSerialization()).stream()
        .filter(c -> c.getSpec().getNames().getPlural().equals(plural))
        .flatMap(c -> c.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream())
        .forEach(c -> header.add(c.getName().toUpperCase(Locale.ROOT)));
    return header;
  }

  private static String lineStartingWith(String text, String prefix) {
    return text.lines()
        .filter(l -> l.startsWith(prefix + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line starting with " + prefix + " in\n" + text));
  }

  /** Header words; multi-word headers such as "DISABLED REASON" are not used in these checks. */
  private static List<String> header(String table) {
    return words(table.lines().findFirst().orElse(""));
  }

  private static List<String> words(String line) {
    return Arrays.stream(line.trim().split("\\s+")).toList();
  }
}

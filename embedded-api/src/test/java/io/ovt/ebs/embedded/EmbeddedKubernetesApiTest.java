package io.ovt.ebs.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.ovt.ebs.crds.Api;
import io.ovt.ebs.crds.EbsKinds;
import io.ovt.ebs.crds.volume.DrbdAllocation;
import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeSpec;
import io.ovt.ebs.crds.volume.VolumeState;
import io.ovt.ebs.crds.volume.VolumeStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKubernetesApiTest {

  private EmbeddedKubernetesApi api;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    api = EmbeddedKubernetesApi.start(0);
    client = api.newClient();
  }

  @AfterEach
  void stop() {
    client.close();
    api.close();
  }

  @Test
  void statusIsDroppedOnCreate() {
    Volume volume = volume("vol-1");
    volume.setStatus(status(VolumeState.Available, "hci-0001"));

    Volume created = client.resource(volume).create();

    assertThat(created.getStatus()).isNull();
    assertThat(created.getMetadata().getNamespace()).isEqualTo(EmbeddedKubernetesApi.NAMESPACE);
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void statusWritesChangeOnlyStatusAndMainWritesOnlySpec() {
    Volume created = client.resource(volume("vol-1")).create();

    created.setStatus(status(VolumeState.Creating, "hci-0001"));
    created.getSpec().setSize("99Gi");
    Volume afterStatus = client.resource(created).updateStatus();
    assertThat(afterStatus.getStatus().getState()).isEqualTo(VolumeState.Creating);
    assertThat(afterStatus.getSpec().getSize()).isEqualTo("10Gi");
    assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(1L);

    afterStatus.getStatus().setState(VolumeState.Available);
    Volume patched = client.resource(afterStatus).patchStatus();
    assertThat(patched.getStatus().getState()).isEqualTo(VolumeState.Available);

    patched.getSpec().setSize("20Gi");
    patched.getStatus().setState(VolumeState.Error);
    Volume afterUpdate = client.resource(patched).update();
    assertThat(afterUpdate.getSpec().getSize()).isEqualTo("20Gi");
    assertThat(afterUpdate.getStatus().getState()).isEqualTo(VolumeState.Available);
    assertThat(afterUpdate.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void statusWriteWithQueryStringIsStillAStatusWrite() throws Exception {
    Volume created = client.resource(volume("vol-1")).create();
    created.setStatus(status(VolumeState.Available, "hci-0002"));
    created.getSpec().setSize("99Gi");
    String path =
        "/apis/ebs.ovt.io/v1alpha1/namespaces/default/volumes/vol-1/status?fieldManager=ebs-test";

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(api.url() + path))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(Serialization.asJson(created)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    Volume stored = client.resources(Volume.class).withName("vol-1").get();
    assertThat(stored.getStatus().getPrimaryNode()).isEqualTo("hci-0002");
    assertThat(stored.getSpec().getSize()).isEqualTo("10Gi");
  }

  @Test
  void informerSeesStatusChanges() {
    Queue<VolumeState> seen = new ConcurrentLinkedQueue<>();
    SharedIndexInformer<Volume> informer =
        client
            .resources(Volume.class)
            .inNamespace(EmbeddedKubernetesApi.NAMESPACE)
            .inform(new Recorder(seen));
    try {
      Volume created = client.resource(volume("vol-1")).create();
      created.setStatus(status(VolumeState.Syncing, "hci-0001"));
      client.resource(created).updateStatus();

      await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains(VolumeState.Syncing));
      assertThat(informer.getStore().getByKey("default/vol-1").getStatus().getPrimaryNode())
          .isEqualTo("hci-0001");
    } finally {
      informer.close();
    }
  }

  @Test
  void discoveryListsEveryEbsKindWithStatusSubresource() {
    APIGroupList groups = client.getApiGroups();
    assertThat(groups.getGroups())
        .anySatisfy(g -> assertThat(g.getName()).isEqualTo(Api.GROUP))
        .anySatisfy(g -> assertThat(g.getName()).isEqualTo("coordination.k8s.io"));

    APIResourceList resources = client.getApiResources(Api.GROUP + "/" + Api.VERSION);
    List<String> names = resources.getResources().stream().map(APIResource::getName).toList();
    assertThat(names)
        .hasSize(EbsKinds.ALL.size() * 2)
        .contains("volumes", "volumes/status", "storagenodes", "storagenodes/status");
    APIResource volumes =
        resources.getResources().stream()
            .filter(r -> r.getName().equals("volumes"))
            .findFirst()
            .orElseThrow();
    assertThat(volumes.getShortNames()).containsExactly("ebsvol", "ebsv");
    assertThat(volumes.getCategories()).containsExactly(Api.CATEGORY);
    assertThat(volumes.getNamespaced()).isTrue();
    assertThat(volumes.getSingularName()).isEqualTo("volume");
  }

  @Test
  void selfReviewsGrantLeasesAndLeasesWork() {
    SelfSubjectRulesReview review =
        client
            .authorization()
            .v1()
            .selfSubjectRulesReview()
            .create(
                new SelfSubjectRulesReviewBuilder()
                    .withNewSpec()
                    .withNamespace("default")
                    .endSpec()
                    .build());
    List<ResourceRule> rules = review.getStatus().getResourceRules();
    assertThat(rules)
        .anySatisfy(
            r -> {
              assertThat(r.getApiGroups()).contains("coordination.k8s.io");
              assertThat(r.getResources()).contains("leases");
              assertThat(r.getVerbs()).contains("*");
            });
    assertThat(
            client
                .authorization()
                .v1()
                .selfSubjectAccessReview()
                .create(
                    new SelfSubjectAccessReviewBuilder()
                        .withNewSpec()
                        .withNewResourceAttributes()
                        .withVerb("create")
                        .withResource("leases")
                        .endResourceAttributes()
                        .endSpec()
                        .build())
                .getStatus()
                .getAllowed())
        .isTrue();

    client
        .leases()
        .resource(
            new LeaseBuilder()
                .withMetadata(new ObjectMetaBuilder().withName("ebs-operator").build())
                .withNewSpec()
                .withHolderIdentity("me")
                .endSpec()
                .build())
        .create();
    assertThat(client.leases().withName("ebs-operator").get().getSpec().getHolderIdentity())
        .isEqualTo("me");
  }

  @Test
  void kubeconfigPointsAtTheApi(@TempDir Path dir) throws Exception {
    Path file = api.writeKubeconfig(dir.resolve("sub/kubeconfig"));

    String text = Files.readString(file);
    assertThat(text)
        .contains("server: \"" + api.url() + "\"")
        .contains("current-context: \"ebs-embedded\"");
    io.fabric8.kubernetes.client.Config config =
        io.fabric8.kubernetes.client.Config.fromKubeconfig(text);
    assertThat(config.getMasterUrl()).startsWith(api.url());
    assertThat(config.getNamespace()).isEqualTo("default");
    assertThat(api.url()).isEqualTo("http://127.0.0.1:" + api.port());
  }

  @Test
  void startingOnABusyPortFailsClearly() {
    assertThatThrownBy(() -> EmbeddedKubernetesApi.start(api.port()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot listen on 127.0.0.1:" + api.port());
  }

  private static Volume volume(String name) {
    Volume volume = new Volume();
    volume.setMetadata(new ObjectMetaBuilder().withName(name).build());
    VolumeSpec spec = new VolumeSpec();
    spec.setSize("10Gi");
    volume.setSpec(spec);
    return volume;
  }

  private static VolumeStatus status(VolumeState state, String primary) {
    VolumeStatus status = new VolumeStatus();
    status.setState(state);
    status.setPrimaryNode(primary);
    DrbdAllocation drbd = new DrbdAllocation();
    drbd.setMinor(1000);
    drbd.setPort(7001);
    status.setDrbd(drbd);
    return status;
  }

  /** Records the state of every added or updated volume. */
  private record Recorder(Queue<VolumeState> seen) implements ResourceEventHandler<Volume> {
    @Override
    public void onAdd(Volume volume) {
      record(volume);
    }

    @Override
    public void onUpdate(Volume old, Volume volume) {
      record(volume);
    }

    @Override
    public void onDelete(Volume volume, boolean deletedFinalStateUnknown) {}

    private void record(Volume volume) {
      if (volume.getStatus() != null && volume.getStatus().getState() != null) {
        seen.add(volume.getStatus().getState());
      }
    }
  }
}

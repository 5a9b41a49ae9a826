package io.ovt.ebs.cindersync.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovt.ebs.crds.node.StorageNode;
import io.ovt.ebs.crds.node.TargetHelper;
import io.ovt.ebs.crds.replication.FailoverPolicy;
import io.ovt.ebs.crds.replication.ReplicationMode;
import io.ovt.ebs.crds.replication.ReplicationPair;
import io.ovt.ebs.embedded.EmbeddedKubernetesApi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The original README's example cinder.conf turned into the resources of the same pair. */
class ConfImportTest {
  private static final Path HCI_1 = Path.of("src/test/resources/conf/hci-0001-cinder.conf");
  private static final Path HCI_2 = Path.of("src/test/resources/conf/hci-0002-cinder.conf");
  @TempDir Path dir;

  private static List<EbsBackendSection> sections(Path... files) throws Exception {
    List<EbsBackendSection> all = new ArrayList<>();
    for (Path f : files) {
      all.addAll(EbsBackendSection.of(CinderConf.parse(Files.readString(f))));
    }
    return all;
  }

  private static <T> T only(List<HasMetadata> objects, Class<T> kind, String name) {
    return objects.stream()
        .filter(o -> kind.isInstance(o) && o.getMetadata().getName().equals(name))
        .map(kind::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
  }

  @Test
  void theSeedsSectionGivesItsNodeThePeerFromReplicationDeviceThePairAndThePolicy()
      throws Exception {
    ConfImport.Result r = ConfImport.of(sections(HCI_1));
    assertThat(r.resources()).hasSize(4);
    StorageNode one = only(r.resources(), StorageNode.class, "hci-0001");
    assertThat(one.getSpec().getBackendId()).isEqualTo("hci-0001@EBS");
    assertThat(one.getSpec().getAddress()).isEqualTo("10.0.10.21");
    assertThat(one.getSpec().getPort()).isEqualTo(7000);
    assertThat(one.getSpec().getVolumeGroup()).isEqualTo("volumes");
    assertThat(one.getSpec().getReplicationAddress()).isEqualTo("10.0.10.21");
    assertThat(one.getSpec().getTargetHelper()).isEqualTo(TargetHelper.LIOADM);
    assertThat(one.getSpec().getTargetPortals())
        .containsExactly("10.0.251.21:3260", "10.0.252.21:3260");
    StorageNode two = only(r.resources(), StorageNode.class, "hci-0002");
    assertThat(two.getSpec().getBackendId()).isEqualTo("hci-0002@EBS");
    assertThat(two.getSpec().getAddress()).isEqualTo("10.0.10.22");
    assertThat(two.getSpec().getTargetPortals()).isEmpty();
    assertThat(r.notes()).singleElement().asString().contains("hci-0002@EBS", "targetPortals");

    ReplicationPair pair = only(r.resources(), ReplicationPair.class, "hci-0001-hci-0002");
    assertThat(pair.getSpec().getNodes()).containsExactly("hci-0001", "hci-0002");
    assertThat(pair.getSpec().getMode()).isEqualTo(ReplicationMode.FULL_SYNC);
    FailoverPolicy policy = only(r.resources(), FailoverPolicy.class, "hci-0001-hci-0002");
    assertThat(policy.getSpec().getPair()).isEqualTo("hci-0001-hci-0002");
    assertThat(policy.getSpec().getActiveBackend()).isEqualTo("hci-0001@EBS");
  }

  @Test
  void bothHostsFilesGiveBothNodesTheirPortalsAndLeaveNothingToFillIn() throws Exception {
    ConfImport.Result r = ConfImport.of(sections(HCI_1, HCI_2));
    assertThat(r.notes()).isEmpty();
    assertThat(only(r.resources(), StorageNode.class, "hci-0002").getSpec().getTargetPortals())
        .containsExactly("10.0.251.22:3260", "10.0.252.22:3260");
  }

  @Test
  void theCommentedOptionsWhenSetBecomeThePairsRateAndPorts() {
    String conf =
        "[EBS]\nvolume_driver = "
            + EbsBackendSection.DRIVER
            + "\nvolume_group=vg\nbackend_id=hci-0001@EBS\nbackend_ip=10.0.10.21\n"
            + "replication_mode = semi-sync\nreplication_resync_rate = 40\n"
            + "replication_starting_port = 7101\ntarget_helper = tgtadm\n"
            + "replication_device = backend_id:hci-0002@EBS,ip:10.0.10.22\n";
    ConfImport.Result r = ConfImport.of(EbsBackendSection.of(CinderConf.parse(conf)));
    ReplicationPair pair = only(r.resources(), ReplicationPair.class, "hci-0001-hci-0002");
    assertThat(pair.getSpec().getMode()).isEqualTo(ReplicationMode.SEMI_SYNC);
    assertThat(pair.getSpec().getResyncRate()).isEqualTo("40M");
    assertThat(pair.getSpec().getStartingPort()).isEqualTo(7101);
    assertThat(only(r.resources(), StorageNode.class, "hci-0002").getSpec().getVolumeGroup())
        .as("replication_device without volume_group: the section's")
        .isEqualTo("vg");
  }

  @Test
  void sectionsThatCannotDescribeAPairAreRefusedSayingWhatIsMissing() {
    assertThatThrownBy(() -> ConfImport.of(List.of()))
        .hasMessageContaining("volume_driver = " + EbsBackendSection.DRIVER);
    String noPeer =
        "[EBS]\nvolume_driver = "
            + EbsBackendSection.DRIVER
            + "\nvolume_group=vg\nbackend_id=hci-0001@EBS\nbackend_ip=10.0.10.21\n";
    assertThatThrownBy(() -> ConfImport.of(EbsBackendSection.of(CinderConf.parse(noPeer))))
        .hasMessageContaining("replication_device");
    assertThatThrownBy(() -> CinderConf.parse("volume_group = vg\n"))
        .hasMessageContaining("line 1");
    assertThatThrownBy(
            () ->
                EbsBackendSection.of(
                    CinderConf.parse("[EBS]\nvolume_driver = " + EbsBackendSection.DRIVER + "\n")))
        .hasMessageContaining("[EBS] has no backend_id");
  }

  @Test
  void theCommandsYamlIsAcceptedByTheApiAsTheResourcesItNames() throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = new CommandLine(new ImportConfCommand()).execute(HCI_1.toString(), HCI_2.toString());
    } finally {
      System.setOut(stdout);
    }
    assertThat(code).isEqualTo(0);
    String yaml = out.toString(StandardCharsets.UTF_8);
    Path file = Files.writeString(dir.resolve("ebs.yaml"), yaml);
    try (EmbeddedKubernetesApi api = EmbeddedKubernetesApi.start(0);
        KubernetesClient client = api.newClient()) {
      client.load(Files.newInputStream(file)).create();
      assertThat(client.resources(StorageNode.class).list().getItems())
          .extracting(n -> n.getMetadata().getName())
          .containsExactlyInAnyOrder("hci-0001", "hci-0002");
      assertThat(client.resources(FailoverPolicy.class).withName("hci-0001-hci-0002").get())
          .isNotNull();
    }
    assertThat(yaml).doesNotContain(ImportConfCommand.FILL_IN);
  }
}

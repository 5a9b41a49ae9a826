package io.ovt.ebs.cinderdriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retype through Debian's real Cinder with the driver (see {@link RealCinderDriverTestBase}):
 * {@code openstack volume set --type ... --retype-policy never} changes the replication mode, turns
 * replication off and on again in place through the Volume spec; thin/thick is left to Cinder's
 * migration, which the policy forbids, so that retype fails and changes nothing.
 */
class RealCinderDriverRetypeTest extends RealCinderDriverTestBase {

  @BeforeAll
  void moreTypes() throws Exception {
    type("ebs-async", "replication_enabled=<is> True", "ovt_ebs:replication_mode=async");
    // No replication_enabled at all: "<is> False" would need a backend reporting False, and the
    // scheduler finds none (this backend reports True).
    type("ebs-single");
    type("ebs-thin", "replication_enabled=<is> True", "provisioning:type=thin");
  }

  @Test
  void modeReplicationOffAndOnAgainAreRetypesInPlaceAndThinThickIsNot() throws Exception {
    String id = create("retyped", "--size", "1");
    awaitVolumeReady(id);

    retype(id, "ebs-async");
    await("EBS volume in protocol A")
        .atMost(CINDER_WAIT)
        .until(
            () -> ebsVolume(id).getStatus().getDrbd(),
            drbd -> drbd != null && "A".equals(drbd.getProtocol()));
    assertThat(ebsVolume(id).getSpec().getReplication().getMode().toString())
        .isEqualToIgnoringCase("ASYNC");
    assertThat(volume(id).replicationStatus()).isEqualTo("enabled");

    retype(id, "ebs-single");
    assertThat(volume(id).replicationStatus()).isEqualTo("disabled");
    io.ovt.ebs.crds.volume.Volume alone = ebsVolume(id);
    assertThat(alone.getSpec().getReplication().getEnabled()).isFalse();
    assertThat(alone.getStatus().getSecondaryNode()).isNull();
    assertThat(alone.getMetadata().getLabels())
        .containsEntry("ebs.ovt.io/cinder-type-id", typeId("ebs-single"));

    retype(id, "ebs");
    assertThat(volume(id).replicationStatus()).isEqualTo("enabled");
    assertThat(ebsVolume(id).getStatus().getSecondaryNode()).isNotNull();

    cinder.openstack("volume", "set", "--type", "ebs-thin", "--retype-policy", "never", id);
    await("the refused retype settles")
        .atMost(CINDER_WAIT)
        .until(() -> volume(id), v -> v.status().equals("available"));
    assertThat(volume(id).volumeType()).as("thin/thick needs a migration").isEqualTo("ebs");
    assertThat(ebsVolume(id).getSpec().getProvisioning().toString()).isEqualToIgnoringCase("THICK");

    cinder.openstack("volume", "delete", id);
    awaitGone(id);
  }

  private void retype(String id, String type) throws Exception {
    cinder.openstack("volume", "set", "--type", type, "--retype-policy", "never", id);
    await("volume " + id + " retyped to " + type)
        .atMost(CINDER_WAIT)
        .until(
            () -> volume(id), v -> v.status().equals("available") && v.volumeType().equals(type));
  }

  private void type(String name, String... properties) throws Exception {
    List<String> argv =
        new ArrayList<>(
            List.of("volume", "type", "create", name, "--property", "volume_backend_name=ebs"));
    for (String property : properties) {
      argv.add("--property");
      argv.add(property);
    }
    cinder.openstack(argv.toArray(String[]::new));
  }
}

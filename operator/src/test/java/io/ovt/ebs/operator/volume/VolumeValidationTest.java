package io.ovt.ebs.operator.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovt.ebs.crds.volume.Volume;
import io.ovt.ebs.crds.volume.VolumeReplication;
import io.ovt.ebs.crds.volume.VolumeSpec;
import org.junit.jupiter.api.Test;

class VolumeValidationTest {

  private static Volume volume(String name, String size) {
    Volume v = new Volume();
    v.getMetadata().setName(name);
    VolumeSpec spec = new VolumeSpec();
    spec.setSize(size);
    v.setSpec(spec);
    return v;
  }

  @Test
  void aPlainVolumeIsValid() {
    assertThat(VolumeValidation.problems(volume("data", "10Gi"))).isEmpty();
  }

  @Test
  void sizesOutsideTheRangeOrFormAreRefused() {
    assertThat(VolumeValidation.problems(volume("data", "2Mi")))
        .anyMatch(p -> p.contains("between 4Mi"));
    assertThat(VolumeValidation.problems(volume("data", "300Ti")))
        .anyMatch(p -> p.contains("between 4Mi"));
    assertThat(VolumeValidation.problems(volume("data", "ten")))
        .anyMatch(p -> p.contains("spec.size"));
  }

  @Test
  void aNodeForAReplicatedVolumeAndBadNamesAreRefused() {
    Volume v = volume("Data_1", "1Gi");
    v.getSpec().setNode("hci-0001");
    v.getSpec().setReplication(new VolumeReplication());
    v.getSpec().getReplication().setPair("p$(id)");
    assertThat(VolumeValidation.problems(v))
        .anyMatch(p -> p.contains("metadata.name"))
        .anyMatch(p -> p.contains("replication.enabled: false"))
        .anyMatch(p -> p.contains("'p$(id)' is not a valid name"));
  }
}

package io.ovt.ebs.cindersync.conf;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ebs-cinder-sync import-conf cinder.conf [peer's cinder.conf]}: prints the YAML. */
@Command(
    name = "import-conf",
    mixinStandardHelpOptions = true,
    description =
        "Prints the StorageNodes, ReplicationPair and FailoverPolicy that an existing cinder.conf"
            + " [EBS] section (or both hosts' files of a pair) describes, for kubectl apply -f -.")
public final class ImportConfCommand implements Callable<Integer> {
  /** Starts a comment line of the output naming a value the files did not give. */
  public static final String FILL_IN = "# fill in: ";

  @Parameters(arity = "1..2", paramLabel = "CINDER_CONF", description = "cinder.conf files.")
  List<Path> files;

  @Override
  public Integer call() throws Exception {
    List<EbsBackendSection> sections = new ArrayList<>();
    ConfImport.Result result;
    try {
      for (Path f : files) {
        sections.addAll(EbsBackendSection.of(CinderConf.parse(Files.readString(f))));
      }
      result = ConfImport.of(sections);
    } catch (IllegalArgumentException e) {
      System.err.println("import-conf: " + e.getMessage());
      return 2;
    }
    KubernetesSerialization yaml = new KubernetesSerialization();
    StringBuilder out = new StringBuilder();
    for (String note : result.notes()) {
      out.append(FILL_IN).append(note).append('\n');
    }
    for (HasMetadata r : result.resources()) {
      out.append(yaml.asYaml(r));
    }
    System.out.print(out);
    result.notes().forEach(n -> System.err.println("import-conf: " + n));
    return 0;
  }
}

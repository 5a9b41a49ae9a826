package io.ovt.ebs.crds.generate;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;
import io.ovt.ebs.crds.EbsKinds;
import java.io.File;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Build-time tool: writes the CRD YAML of every kind, printer columns in declaration order. */
public final class CrdYamlGenerator {
  private CrdYamlGenerator() {}

  /** Writes the CRDs into the folder given as the only argument. */
  public static void main(String[] args) {
    File out = new File(args[0]);
    if (!out.isDirectory() && !out.mkdirs()) {
      throw new IllegalStateException("cannot create " + out);
    }
    var info =
        new CRDGenerator()
            .inOutputDir(out)
            .forCRDVersions("v1")
            .withPostProcessor(new DeclaredColumnOrder())
            .customResourceClasses(List.copyOf(EbsKinds.ALL))
            .detailedGenerate();
    if (info.numberOfGeneratedCRDs() != EbsKinds.ALL.size()) {
      throw new IllegalStateException("generated " + info.numberOfGeneratedCRDs() + " CRDs");
    }
  }

  /** Puts printer columns back in the order the kind's class declares them. */
  static final class DeclaredColumnOrder implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      if (!(crd instanceof CustomResourceDefinition definition)) {
        return crd;
      }
      List<String> declared = declaredColumns(definition.getSpec().getNames().getKind());
      for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
        version
            .getAdditionalPrinterColumns()
            .sort(Comparator.comparingInt((CustomResourceColumnDefinition c) -> rank(declared, c)));
      }
      return crd;
    }

    private static int rank(List<String> declared, CustomResourceColumnDefinition column) {
      int index = declared.indexOf(column.getName());
      return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static List<String> declaredColumns(String kind) {
      Class<? extends CustomResource<?, ?>> type =
          EbsKinds.ALL.stream()
              .filter(k -> k.getSimpleName().equals(kind))
              .findFirst()
              .orElseThrow();
      return Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
          .map(AdditionalPrinterColumn::name)
          .toList();
    }
  }
}

#!/usr/bin/env bash
# Regenerates the CRD YAML from the model classes and copies it to crds/*.yaml for committing.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl crds process-test-classes -Dspotless.check.skip=true
for f in crds/target/classes/META-INF/fabric8/*-v1.yml; do
  name=$(basename "$f" -v1.yml)
  cp "$f" "crds/$name.yaml"
done
ls crds/*.yaml

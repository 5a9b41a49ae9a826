#!/usr/bin/env bash
# The whole test suite: fetches the real kubectl the tests drive, builds (or reuses) the VM image
# the real-storage tests boot, then builds and runs every unit, mock-server, HTTP, packaged-jar and
# real-VM test. `.ci/run` calls this after installing packages. Needs root for the VM image and
# the Cinder packages.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-tools.sh
e2e/scripts/build-image.sh
# Debian's Cinder (installed once, started by the tests themselves) and python3-kubernetes, for
# cinder-sync's tests and the Cinder driver's (cinder-driver/: its Python unit tests and the
# RealCinderDriver*Test classes; e2e's CinderChainIT, the driver on the VMs, all in `mvn verify`).
cinder-sync/src/test/cinder/install.sh
mvn -B -ntp verify "$@"

#!/usr/bin/env bash
# The whole test suite: fetches the real kubectl the tests drive, then builds and runs every
# unit, mock-server, HTTP and packaged-jar test. `.ci/run` calls this after installing packages.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-tools.sh
mvn -B -ntp verify "$@"

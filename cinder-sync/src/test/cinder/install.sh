#!/usr/bin/env bash
# Installs Debian 12's OpenStack Cinder (and its clients) and Keystone for cinder-sync's tests against
# a real Cinder with real token auth.
# Run as root on a fresh Debian 12; safe to run again. Nothing is started: the tests start Cinder
# themselves (launcher.py), so a policy-rc.d keeps the packages' post-install scripts from starting
# services that would hold port 8776 and a database we do not use.
set -euo pipefail

if [[ ! -x /usr/sbin/policy-rc.d ]] || ! grep -q '^exit 101' /usr/sbin/policy-rc.d; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
fi

# keystone brings keystone-manage and its WSGI app; uwsgi-plugin-python3 (with uwsgi-core) serves it
# the way RealKeystone runs it. python3-kubernetes is what the EBS Cinder driver (cinder-driver/)
# reaches the Kubernetes API with.
packages=(cinder-common python3-cinderclient python3-openstackclient sqlite3 keystone uwsgi-core
  uwsgi-plugin-python3 python3-kubernetes)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
command -v cinder-manage >/dev/null
command -v keystone-manage >/dev/null
# Debian's python, not one an environment manager put first on PATH.
/usr/bin/python3 -c 'import cinder.volume.driver, oslo_service.service, keystone.server.wsgi, keystonemiddleware.auth_token, kubernetes.client'

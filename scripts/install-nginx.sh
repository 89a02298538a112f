#!/usr/bin/env bash
# Installs nginx from the system's packages (apt) and prints the path of its binary. The tests run
# it as a plain process with a configuration of their own (loopback ports, files in a temporary
# folder), never as the system service: the package's service is neither started nor needed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

PATH=$PATH:/usr/sbin
if ! command -v nginx >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || die "install nginx with your package manager"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  say "installing nginx"
  # policy-rc.d refusing every start keeps the package from starting its own service on port 80.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod 755 "$policy"
    trap '$sudo rm -f "$policy"' EXIT
  fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nginx >&2
fi
command -v nginx

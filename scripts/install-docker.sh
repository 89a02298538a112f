#!/usr/bin/env bash
# Installs Docker from the system's packages when missing and prints the path of the command asked for.
# Usage: scripts/install-docker.sh dockerd|docker|containerd|ctr
#
# Debian and Ubuntu ship dockerd, containerd, runc and the docker client in one package, docker.io.
# Tests run their own throw-away dockerd (dev.berth.it.support.DockerDaemon), never the system's.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

command=${1:?usage: install-docker.sh dockerd|docker|containerd|ctr}
case $command in
  dockerd|docker|containerd|ctr) ;;
  *) die "unknown command $command" ;;
esac

PATH=$PATH:/usr/sbin:/sbin
if ! command -v dockerd >/dev/null 2>&1 || ! command -v "$command" >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || die "install Docker (dockerd, containerd, the docker client) with your package manager"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  say "installing docker.io"
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq docker.io >&2
fi
command -v "$command" || die "docker.io is installed but has no $command"

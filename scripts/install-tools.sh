#!/usr/bin/env bash
# Installs a pinned Go-built test peer and prints the path of its binary. Cached under BERTH_CACHE.
# Usage: scripts/install-tools.sh crane|oras|conformance|distribution|crictl|skopeo|busybox|dnsmasq
#
# crane, oras, the conformance suite, CNCF distribution and crictl (the CRI client of Kubernetes nodes)
# are built with Go at pinned versions;
# skopeo and a static busybox (for a small real image) come from the system's packages (apt).
#
# The OCI conformance suite is pinned to the newest build of its redesigned version that the Go
# module proxy serves (the suite has no tags of its own).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

tool=${1:?usage: install-tools.sh crane|oras|conformance|distribution|crictl|skopeo|busybox|dnsmasq}

system_package() { # command package: prints the command's path, installing the package if needed
  if ! command -v "$1" >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || die "install $2 with your package manager"
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    say "installing $2"
    $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >&2
  fi
  command -v "$1"
}

case $tool in
  skopeo)  system_package skopeo skopeo; exit 0 ;;
  busybox) system_package busybox busybox-static; exit 0 ;;
  dnsmasq) PATH=$PATH:/usr/sbin system_package dnsmasq dnsmasq-base; exit 0 ;;
  crane)        module=github.com/google/go-containerregistry; version=v0.21.9; package=./cmd/crane ;;
  oras)         module=oras.land/oras; version=v1.3.3; package=./cmd/oras ;;
  conformance)  module=github.com/opencontainers/distribution-spec/conformance; version=v0.0.0-20260831232431-97274622c111; package=. ;;
  distribution) module=github.com/distribution/distribution/v3; version=v3.1.1; package=./cmd/registry ;;
  crictl)       module=sigs.k8s.io/cri-tools; version=v1.34.0; package=./cmd/crictl ;;
  *) die "unknown tool $tool" ;;
esac

bin="$BERTH_CACHE/bin/$tool-$version"
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
command -v go >/dev/null 2>&1 || die "Go is needed to build $tool ($module@$version)"
mkdir -p "$BERTH_CACHE/bin"
say "building $tool ($module@$version)"
# Built inside the downloaded module (not `go install`), which also works for modules whose go.mod
# has replace directives.
src=$(GOFLAGS=-mod=mod go mod download -json "$module@$version" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
[ -d "$src" ] || die "could not download $module@$version"
(cd "$src" && GOFLAGS=-mod=mod go build -trimpath -o "$bin.tmp" "$package") >&2
mv "$bin.tmp" "$bin"
echo "$bin"

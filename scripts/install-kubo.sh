#!/usr/bin/env bash
# Installs the pinned Kubo and prints the path of its ipfs binary. Cached under BERTH_CACHE.
#
# With Go: builds github.com/ipfs/kubo/cmd/ipfs at the pinned version from the Go module proxy.
# Kubo v0.43.1's go.mod replaces go-libp2p with a fork that the module proxy does not serve; its
# own comment says the replace goes once a go-libp2p release requires quic-go >= v0.62.0 and
# webtransport-go >= v0.13.0, which go-libp2p v0.50.0 does. So the build drops the replace and
# requires v0.50.0 instead (which is why a plain `go install ...@v0.43.1` is not used).
# Without Go: downloads the official release archive and checks it against its published sha512.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

KUBO_VERSION=${KUBO_VERSION:-v0.43.1}
LIBP2P_VERSION=v0.50.0
dest="$BERTH_CACHE/kubo-$KUBO_VERSION"
bin="$dest/ipfs"

if [ -x "$bin" ] && "$bin" version --number >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi
mkdir -p "$dest"

if command -v go >/dev/null 2>&1; then
  say "building Kubo $KUBO_VERSION with $(go version | awk '{print $3}') (a few minutes, once)"
  work=$(mktemp -d)
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
  src=$(GOFLAGS=-mod=mod go mod download -json "github.com/ipfs/kubo@$KUBO_VERSION" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
  [ -d "$src" ] || die "could not download github.com/ipfs/kubo@$KUBO_VERSION"
  cp -r "$src" "$work/kubo" && chmod -R u+w "$work/kubo"
  (
    cd "$work/kubo"
    if grep -q '^replace github.com/libp2p/go-libp2p =>' go.mod; then
      go mod edit -dropreplace=github.com/libp2p/go-libp2p -require="github.com/libp2p/go-libp2p@$LIBP2P_VERSION"
    fi
    GOFLAGS=-mod=mod go build -trimpath -o "$bin.tmp" ./cmd/ipfs
  ) >&2
  mv "$bin.tmp" "$bin"
else
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  case $(uname -m) in x86_64|amd64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) die "no Kubo release for $(uname -m)" ;; esac
  archive="kubo_${KUBO_VERSION}_${os}-${arch}.tar.gz"
  url="https://dist.ipfs.tech/kubo/$KUBO_VERSION/$archive"
  say "downloading $url"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  curl -fsSL -o "$work/$archive" "$url" || die "could not download $url (install Go to build Kubo instead)"
  curl -fsSL -o "$work/$archive.sha512" "$url.sha512" || die "could not download the checksum of $archive"
  (cd "$work" && sha512sum -c "$archive.sha512" >&2) || die "checksum mismatch for $archive"
  tar -xzf "$work/$archive" -C "$work"
  mv "$work/kubo/ipfs" "$bin"
fi
"$bin" version --number >/dev/null || die "the installed Kubo does not run"
say "Kubo $("$bin" version --number) installed at $bin"
echo "$bin"

#!/usr/bin/env bash
# Installs Chromium and its WebDriver from the system's packages when missing and prints the path of
# the command asked for. Usage: scripts/install-chromium.sh chromium|chromedriver
#
# The UI's browser tests (integration-tests, dev.berth.it.ui) drive Debian's chromium headless through
# chromium-driver with Selenium; Selenium's own browser download is never used.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

command=${1:?usage: install-chromium.sh chromium|chromedriver}
case $command in
  chromium|chromedriver) ;;
  *) die "unknown command $command" ;;
esac

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || die "install Chromium and its driver (chromium, chromium-driver) with your package manager"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  say "installing chromium and chromium-driver"
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >&2
fi
command -v "$command" || die "chromium-driver is installed but has no $command"

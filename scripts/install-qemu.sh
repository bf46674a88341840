#!/bin/sh
# install-qemu.sh makes qemu-aarch64 available (Debian qemu-user) so that
# arm64 builds can be tested on an amd64 machine:
#   GOARCH=arm64 go test -exec qemu-aarch64 ./...
set -eu
if command -v qemu-aarch64 >/dev/null 2>&1; then
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq qemu-user >/dev/null
command -v qemu-aarch64 >/dev/null 2>&1 || { echo "scripts/install-qemu.sh: qemu-aarch64 still missing" >&2; exit 1; }
echo "scripts/install-qemu.sh: $(qemu-aarch64 --version | head -1)"

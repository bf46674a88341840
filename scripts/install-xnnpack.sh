#!/bin/sh
# install-xnnpack.sh installs native XNNPACK (Debian libxnnpack-dev and
# libpthreadpool-dev) for the kernel comparison in bench/xnnpack:
#   go test -tags xnnpack -bench . ./bench/xnnpack/
# It is idempotent: when xnnpack.h, pthreadpool.h and the libraries are
# present, it does nothing. Nothing in the library or the default tests
# needs it.
set -eu
have() {
	[ -f /usr/include/xnnpack.h ] && [ -f /usr/include/pthreadpool.h ] &&
		ls /usr/lib/*/libXNNPACK.so /usr/lib/libXNNPACK.so /usr/lib/*/libXNNPACK.a 2>/dev/null | grep -q . &&
		ls /usr/lib/*/libpthreadpool.so /usr/lib/libpthreadpool.so /usr/lib/*/libpthreadpool.a 2>/dev/null | grep -q .
}
if have; then
	exit 0
fi
command -v apt-get >/dev/null 2>&1 || { echo "scripts/install-xnnpack.sh: needs apt-get (Debian or Ubuntu); install XNNPACK and pthreadpool headers and libraries by hand" >&2; exit 1; }
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libxnnpack-dev libpthreadpool-dev >/dev/null
have || { echo "scripts/install-xnnpack.sh: XNNPACK headers or libraries still missing" >&2; exit 1; }
echo "scripts/install-xnnpack.sh: libxnnpack-dev $(dpkg-query -W -f='${Version}' libxnnpack-dev 2>/dev/null || echo '?') installed"

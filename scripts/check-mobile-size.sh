#!/usr/bin/env bash
# check-mobile-size.sh: keeps what octet adds to a phone app small.
#
# Builds mobile/internal/sizecheck, a program that links all of package
# mobile's API, for android/arm64 without cgo and stripped, and fails if it
# is larger than the limit (6 MiB; MOBILE_SIZE_LIMIT in bytes overrides). It
# also fails if package mobile imports anything from gorgonia.org/.
#
# TestAndroidBinarySize in package mobile runs this script, so `go test
# ./mobile/...` covers it.
set -euo pipefail

cd "$(dirname "$0")/.."
GO=${GO:-go}
limit=${MOBILE_SIZE_LIMIT:-$((6 * 1024 * 1024))}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

export GOOS=android GOARCH=arm64 CGO_ENABLED=0 GOWORK=off

deps=$("$GO" list -deps ./mobile)
bad=$(grep '^gorgonia\.org/' <<<"$deps" || true)
if [ -n "$bad" ]; then
	echo "check-mobile-size: package mobile imports gorgonia.org packages:" >&2
	echo "$bad" >&2
	exit 1
fi
echo "mobile imports $(wc -l <<<"$deps") packages, none from gorgonia.org/"

bin="$tmp/sizecheck"
"$GO" build -trimpath -ldflags='-s -w' -o "$bin" ./mobile/internal/sizecheck
size=$(wc -c <"$bin" | tr -d ' ')
mib=$(awk -v s="$size" 'BEGIN { printf "%.2f", s / 1048576 }')
limit_mib=$(awk -v s="$limit" 'BEGIN { printf "%.2f", s / 1048576 }')
if [ "$size" -gt "$limit" ]; then
	echo "check-mobile-size: android/arm64 binary is $size bytes ($mib MiB), over the limit of $limit bytes ($limit_mib MiB)" >&2
	exit 1
fi
echo "android/arm64 binary: $size bytes ($mib MiB), limit $limit bytes ($limit_mib MiB)"

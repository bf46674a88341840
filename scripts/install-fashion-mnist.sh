#!/bin/sh
# install-fashion-mnist.sh installs Fashion-MNIST (Debian package
# dataset-fashion-mnist) for cmd/octet-train and internal/fmnist:
#   /usr/share/datasets/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
# Idempotent: returns at once when the four files are there.
set -eu
DIR=/usr/share/datasets/fashion-mnist
have() {
	for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
		[ -s "$DIR/$f.gz" ] || [ -s "$DIR/$f" ] || return 1
	done
}
if have; then
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq dataset-fashion-mnist >/dev/null
have || { echo "scripts/install-fashion-mnist.sh: files still missing under $DIR" >&2; exit 1; }
echo "scripts/install-fashion-mnist.sh: Fashion-MNIST in $DIR"

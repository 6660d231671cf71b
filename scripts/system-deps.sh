#!/usr/bin/env bash
# Brings the Debian/Ubuntu packages the kiosk's tests and tools need. As root it installs what is
# missing with apt-get; otherwise it names what is missing and how to install it, and fails.
set -euo pipefail

# chromium: browser tests (never a downloaded build); socat: pty pairs for serial-reader tests;
# udev: udevadm for serialport's port listing; libusb-1.0-0: node-hid; fonts: text to render;
# postgresql: the hub's tests run against a throwaway cluster (scripts/with-postgres.sh).
# poppler-utils: pdftotext and pdftoppm read the badge and roster PDFs back in tests.
# build-essential, python3: node-gyp compiles better-sqlite3, node-hid and @serialport/bindings-cpp
# where npm can fetch no prebuilt binary for this Node and platform (README, "What you need").
# mmdebstrap: the throwaway Debian root the kiosk's .deb is installed into (npm run test:package).
packages=(build-essential python3 chromium socat udev libusb-1.0-0 fonts-dejavu-core postgresql poppler-utils mmdebstrap)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them once with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

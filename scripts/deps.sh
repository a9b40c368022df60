#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the demo need, when missing.
# Runs apt-get only if something is absent; needs root for that.
set -euo pipefail

# Extra package names may be given as arguments (the benchmarks add wrk).
packages=(php8.2-cli php8.2-dev php8.2-fpm php8.2-curl libclang-dev phpunit libfcgi-bin openssl ca-certificates "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "These packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v cargo >/dev/null || { echo "cargo (Rust) is required: https://rustup.rs" >&2; exit 1; }

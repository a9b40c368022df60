#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the demo need, when missing.
# Runs apt-get only if something is absent; needs root for that.
#
#   scripts/deps.sh               the build, the PHPUnit suite, the demo
#   scripts/deps.sh --wordpress   also what the WordPress suite needs (make test-wordpress),
#                                 WordPress itself through scripts/wordpress-fetch.sh, and
#                                 chromium and playwright-core for its browser test
#   scripts/deps.sh NAME...       also the named packages (the benchmarks add wrk)
set -euo pipefail

# php8.2-dev brings phpize, php-config, autoconf and libtool; with gcc, the phpize
# build (config.m4, make test-phpize) runs as PIE runs it.
packages=(php8.2-cli php8.2-dev php8.2-fpm php8.2-curl libclang-dev phpunit libfcgi-bin openssl ca-certificates
          gcc libc6-dev)
wordpress=0
for arg in "$@"; do
  case "$arg" in
    --wordpress) wordpress=1 ;;
    *) packages+=("$arg") ;;
  esac
done
if [ "$wordpress" = 1 ]; then
  # The PHP extensions WordPress and Ultimate Multisite use (bcmath for its hashids,
  # intl), and a MariaDB server the tests start by themselves: mariadb-server-core has
  # mariadbd and mariadb-install-db but, unlike mariadb-server, no system service;
  # mariadb-client-core has my_print_defaults, which mariadb-install-db calls.
  # WordPress itself is not a system package: scripts/wordpress-fetch.sh unpacks
  # Debian 13's into target/wordpress/ (needs dpkg-deb and Debian's archive keyring).
  packages+=(php8.2-mysql php8.2-xml php8.2-mbstring php8.2-gd php8.2-bcmath php8.2-intl
             mariadb-server-core mariadb-client-core debian-archive-keyring)
  # The browser test of the status page (tests/wordpress/BrowserTest.php): Debian's
  # chromium, driven by playwright-core from npm (tests/browser, npm ci), which needs node.
  packages+=(chromium)
  command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
fi

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
if [ "$wordpress" = 1 ]; then
  "$(dirname "$0")/wordpress-fetch.sh" >/dev/null
  browser="$(cd "$(dirname "$0")/../tests/browser" && pwd)"
  # Installed once; again when package.json pins another version.
  wanted="$(node -p 'require(process.argv[1]).dependencies["playwright-core"]' "$browser/package.json")"
  have="$(node -p 'require(process.argv[1]).version' "$browser/node_modules/playwright-core/package.json" 2>/dev/null || true)"
  if [ "$wanted" != "$have" ]; then
    (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi
command -v cargo >/dev/null || { echo "cargo (Rust) is required: https://rustup.rs" >&2; exit 1; }

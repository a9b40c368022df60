#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the demo need, when missing.
# Runs apt-get only if something is absent; needs root for that.
#
#   scripts/deps.sh               the build, the PHPUnit suite, the demo
#   scripts/deps.sh --wordpress   also what the WordPress suite needs (make test-wordpress)
#   scripts/deps.sh NAME...       also the named packages (the benchmarks add wrk)
set -euo pipefail

packages=(php8.2-cli php8.2-dev php8.2-fpm php8.2-curl libclang-dev phpunit libfcgi-bin openssl ca-certificates)
wordpress=0
for arg in "$@"; do
  case "$arg" in
    --wordpress) wordpress=1 ;;
    *) packages+=("$arg") ;;
  esac
done
if [ "$wordpress" = 1 ]; then
  # Debian's WordPress (6.1, in /usr/share/wordpress), the PHP extensions it uses, and
  # a MariaDB server the tests start by themselves: mariadb-server-core has mariadbd and
  # mariadb-install-db but, unlike mariadb-server, no system service; mariadb-client-core
  # has my_print_defaults, which mariadb-install-db calls. `php` names the PHP that is
  # already here (php8.2-fpm), so WordPress's "libapache2-mod-php | php" pulls in no
  # Apache module.
  packages+=(wordpress php php8.2-mysql php8.2-xml php8.2-mbstring php8.2-gd
             mariadb-server-core mariadb-client-core)
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
  # The wordpress package depends on a web server ("apache2 | httpd"), so apt installs
  # Apache with it. The tests need none; keep Apache from being started (and from
  # failing on a machine whose port 80 is taken) while the packages install. A
  # policy-rc.d the machine already has is left alone.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    cat >"$policy" <<'POLICY'
#!/bin/sh
# Written by wu_hosting's scripts/deps.sh for the time of an install: Apache stays stopped.
for arg in "$@"; do
  case "$arg" in apache2|apache2.service|apache-htcacheclean|apache-htcacheclean.service) exit 101 ;; esac
done
exit 0
POLICY
    chmod 0755 "$policy"
    trap 'rm -f "$policy"' EXIT
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v cargo >/dev/null || { echo "cargo (Rust) is required: https://rustup.rs" >&2; exit 1; }

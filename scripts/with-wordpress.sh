#!/usr/bin/env bash
# Runs a command against a fresh WordPress multisite network on a private MariaDB
# server, both made in a temporary directory and removed afterwards:
#
#   scripts/with-panel.sh scripts/with-wordpress.sh CMD...
#
# Runs inside scripts/with-panel.sh, whose variables (DOMAIN_CURRENT_SITE, WU_ENHANCE_*,
# CLOSTE_CLIENT_API_KEY, WU_CLOSTE_API_URL, WU_HOSTING_CA_FILE) go into wp-config.php.
#
# - MariaDB: mariadb-install-db into a new data directory, then mariadbd on a Unix
#   socket only (no TCP), with a database `wordpress` for the user `wordpress`
#   (password `wordpress`).
# - WordPress: a copy of the WordPress that scripts/wordpress-fetch.sh unpacked (Debian
#   13's, 6.8; WORDPRESS_SRC names another tree) with its own wp-config.php and wp-content (plugins/, mu-plugins/, uploads/), installed by
#   scripts/wordpress-install.php as a subdomain network on DOMAIN_CURRENT_SITE, with
#   tests/wordpress/ultimate-multisite and php/ (the wu-hosting plugin) linked into
#   wp-content/plugins and network-activated.
#
# CMD runs with WP_ROOT (the WordPress directory, ABSPATH), WP_DB_SOCKET and
# WP_DEBUG_LOG_FILE exported. When something fails, the MariaDB log and the
# WordPress debug log are printed. WP_KEEP=1 keeps the directory for a look afterwards;
# WP_TMP chooses where it is made (default /dev/shm when it has room, else /tmp).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
wordpress_src="${WORDPRESS_SRC:-$("$root/scripts/wordpress-fetch.sh" --path)}"

if [ -z "${DOMAIN_CURRENT_SITE:-}" ] || [ -z "${WU_ENHANCE_API_URL:-}" ]; then
  echo "with-wordpress.sh: no fake panel; run it as scripts/with-panel.sh scripts/with-wordpress.sh CMD" >&2
  exit 1
fi
for tool in mariadb-install-db mariadbd mariadb; do
  command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin"
  command -v "$tool" >/dev/null || { echo "with-wordpress.sh: $tool is missing: run scripts/deps.sh --wordpress" >&2; exit 1; }
done
[ -f "$wordpress_src/wp-settings.php" ] || { echo "with-wordpress.sh: no WordPress in $wordpress_src: run scripts/deps.sh --wordpress" >&2; exit 1; }

# The database and the WordPress copy (about 100 MB) go to /dev/shm when it has room:
# on a disk, MariaDB's syncs of each table WordPress creates make the install three
# times slower. WP_TMP names another place. A short path: the socket's must fit in
# 107 bytes.
tmp_base="${WP_TMP:-}"
if [ -z "$tmp_base" ]; then
  tmp_base=/tmp
  shm_free_kb="$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }' || true)"
  if [ -w /dev/shm ] && [ "${shm_free_kb:-0}" -gt 1048576 ]; then
    tmp_base=/dev/shm
  fi
fi
work="$(mktemp -d "$tmp_base/wu-wp.XXXXXX")"
db_pid=""
cmd_pid=""
watch_pid=""
phase="setup"
started=$(($(date +%s%N) / 1000000))
log() {
  local ms=$(($(date +%s%N) / 1000000 - started))
  printf '[with-wordpress %d.%ds] %s\n' $((ms / 1000)) $((ms % 1000 / 100)) "$*" >&2
}

diagnostics() {
  if [ "$phase" = "setup" ] || { [ -n "$db_pid" ] && ! kill -0 "$db_pid" 2>/dev/null; }; then
    local f="$work/mariadb.err"
    [ -s "$f" ] || f="$work/mariadb-install-db.log"
    if [ -s "$f" ]; then
      echo "---- $f (last 60 lines)"
      tail -n 60 "$f"
    fi
  fi
  if [ -s "$work/debug.log" ]; then
    # Deprecations reported from WordPress's own files are left out.
    local core="PHP Deprecated: .* in $work/wordpress/wp-(includes|admin)/"
    echo "---- WordPress debug log $work/debug.log (last 100 lines; $(grep -cE "$core" "$work/debug.log" || true) deprecations in WordPress's own files left out)"
    grep -vE "$core" "$work/debug.log" | tail -n 100 || true
  fi
}

cleanup() {
  local status=$?
  trap - EXIT HUP INT TERM
  [ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null
  if [ -n "$cmd_pid" ] && kill -0 "$cmd_pid" 2>/dev/null; then
    kill -TERM "$cmd_pid" 2>/dev/null || true
    wait "$cmd_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ]; then
    echo "with-wordpress.sh: failed during $phase (exit $status)" >&2
    diagnostics >&2 || true
  fi
  if [ -n "$db_pid" ]; then
    kill -TERM "$db_pid" 2>/dev/null || true
    wait "$db_pid" 2>/dev/null || true
  fi
  if [ "${WP_KEEP:-}" = 1 ]; then
    echo "with-wordpress.sh: kept $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- MariaDB
as_root=()
[ "$(id -u)" -eq 0 ] && as_root=(--user=root)
socket="$work/mysql.sock"
# --no-defaults: no /etc/mysql configuration, only what is given here.
db_options=(--innodb-buffer-pool-size=64M --innodb-log-file-size=16M
  --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --sync-frm=0)
mariadb-install-db --no-defaults "${as_root[@]}" --datadir="$work/db" \
  --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
  "${db_options[@]}" >"$work/mariadb-install-db.log" 2>&1
log "MariaDB data directory made"
mariadbd --no-defaults "${as_root[@]}" --datadir="$work/db" --socket="$socket" \
  --skip-networking --pid-file="$work/mariadb.pid" --log-error="$work/mariadb.err" \
  --tmpdir="$work" --skip-name-resolve \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
  "${db_options[@]}" </dev/null >/dev/null 2>&1 &
db_pid=$!
# Should this script be killed outright (SIGKILL), a watcher in a session of its own
# stops that server and removes the directory, so neither outlives the run.
if command -v setsid >/dev/null; then
  setsid bash -c '
    while kill -0 "$1" 2>/dev/null; do sleep 1; done
    if grep -qF -- "$3" "/proc/$2/cmdline" 2>/dev/null; then
      kill -TERM "$2"
      for _ in $(seq 1 300); do kill -0 "$2" 2>/dev/null || break; sleep 0.1; done
    fi
    [ "$4" = 1 ] || rm -rf "$3"
  ' with-wordpress-watch "$$" "$db_pid" "$work" "${WP_KEEP:-}" </dev/null >/dev/null 2>&1 &
  watch_pid=$!
fi
sql() { mariadb --no-defaults --socket="$socket" --user=root "$@"; }
for _ in $(seq 1 300); do
  sql -e 'SELECT 1' >/dev/null 2>&1 && break
  kill -0 "$db_pid" 2>/dev/null || { echo "with-wordpress.sh: mariadbd exited" >&2; exit 1; }
  sleep 0.1
done
sql -e 'SELECT 1' >/dev/null
sql <<'SQL'
CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'wordpress'@'localhost' IDENTIFIED BY 'wordpress';
GRANT ALL PRIVILEGES ON wordpress.* TO 'wordpress'@'localhost';
SQL
log "MariaDB $(sql -N -e 'SELECT VERSION()') on $socket"

# ---- WordPress files
wp="$work/wordpress"
mkdir "$wp"
# A copy, not links: PHP resolves symbolic links in __FILE__ and __DIR__, and
# wp-load.php takes ABSPATH from __DIR__. Debian's own links inside the tree (to
# scripts and getID3 in /usr/share/javascript and /usr/share/php, which the tests do
# not load) stay links.
cp -a "$wordpress_src/." "$wp/"
# Debian's wp-config.php reads /etc/wordpress/config-<host>.php, its wp-content holds
# only Akismet, and .htaccess links to /etc/wordpress: the network gets its own.
rm -rf "$wp/wp-config.php" "$wp/.htaccess" "$wp/wp-content"
mkdir -p "$wp/wp-content/plugins" "$wp/wp-content/mu-plugins" "$wp/wp-content/uploads" "$wp/wp-content/themes"
ln -s "$root/tests/wordpress/ultimate-multisite" "$wp/wp-content/plugins/ultimate-multisite"
ln -s "$root/php" "$wp/wp-content/plugins/wu-hosting"
for f in "$root"/tests/wordpress/mu-plugins/*.php; do
  [ -e "$f" ] && ln -s "$f" "$wp/wp-content/mu-plugins/"
done

export WP_ROOT="$wp"
export WP_DB_SOCKET="$socket"
export WP_DEBUG_LOG_FILE="$work/debug.log"
export WU_HOSTING_FFI_LIBRARY="${WU_HOSTING_FFI_LIBRARY:-$root/target/release/libwu_hosting.so}"

# ---- the network: WordPress's installer, then the network and its plugins
php -d display_errors=stderr "$root/scripts/wordpress-install.php" install >&2
log "WordPress installed"
php -d display_errors=stderr "$root/scripts/wordpress-install.php" network >&2
log "WordPress ready in $wp"

phase="the command ($*)"
# In the background, so that a signal to this script stops it at once (bash runs a
# trap only after a foreground command ends); stdin stays the script's own.
"$@" <&0 &
cmd_pid=$!
wait "$cmd_pid"

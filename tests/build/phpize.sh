#!/usr/bin/env bash
# The phpize build, as PIE and every PHP extension's users run it:
#
#   phpize && ./configure --enable-wu_hosting && make && make install
#
# in a temporary copy of the tree (the tracked files and new unignored ones, as
# they are in the working tree, mtimes kept), installing into a scratch
# INSTALL_ROOT. Checks that configure stops with a clear message when cargo is
# missing, that wu_hosting.so lands in PHP's extension directory under
# INSTALL_ROOT, that a bare `php -n` loads it and wu_hosting_version() prints the
# crate's version, and that `phpize --clean` takes the generated files away.
#
# cargo builds into the checkout's target/ (CARGO_TARGET_DIR), so the release
# build that `make test` has just made is reused: cargo finds it up to date (same
# sources and mtimes, same profile and features) and the test takes about 20 s. WU_PHPIZE_FRESH=1 builds
# into an empty target directory instead: a full release build (3-5 minutes on
# 2 cores, 98 s on a quiet one), which also proves that the copy alone is enough
# to build.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
php_bin="${PHP:-php}"
php_config="${PHP_CONFIG:-php-config}"
PHPIZE="${PHPIZE:-phpize}"
# ext-php-rs's build script reads PHP and PHP_CONFIG as paths (and rebuilds when
# they change): cargo learns them from configure (--with-php-config), not from here.
unset PHP PHP_CONFIG
tmp="$(mktemp -d "${TMPDIR:-/tmp}/wu-phpize.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAILED: $*" >&2; }
started=$SECONDS

for tool in "$PHPIZE" "$php_config" "$php_bin"; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (php8.2-dev: scripts/deps.sh)" >&2; exit 1; }
done

# The copy.
src="$tmp/wu_hosting"
mkdir "$src"
(cd "$root" && git ls-files -z --cached --others --exclude-standard) |
  while IFS= read -r -d '' f; do
    [ -e "$root/$f" ] || continue   # deleted in the working tree
    (cd "$root" && cp -p --parents -- "$f" "$src/")
  done

if [ "${WU_PHPIZE_FRESH:-0}" = 1 ]; then
  export CARGO_TARGET_DIR="$tmp/target"
  echo "building into an empty $CARGO_TARGET_DIR (a full release build)"
else
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
  echo "building into $CARGO_TARGET_DIR (reusing the checkout's release build)"
fi

cd "$src"
"$PHPIZE" >"$tmp/phpize.log" 2>&1 || { cat "$tmp/phpize.log" >&2; exit 1; }

# configure without cargo anywhere: a clear error, not a failure at make time.
# (Skipped where cargo is a system package in /usr/bin, which this PATH needs.)
nocargo_path="/usr/local/bin:/usr/bin:/bin"
if [ -x /usr/local/bin/cargo ] || [ -x /usr/bin/cargo ] || [ -x /bin/cargo ]; then
  echo "skipped: configure without cargo (cargo is in a system directory)"
elif PATH="$nocargo_path" HOME="$tmp/nohome" ./configure --enable-wu_hosting >"$tmp/nocargo.log" 2>&1; then
  fail "configure succeeded without cargo"
elif grep -q "cargo was not found" "$tmp/nocargo.log"; then
  ok "configure without cargo stops: $(grep -m1 'cargo was not found' "$tmp/nocargo.log")"
else
  tail -5 "$tmp/nocargo.log" >&2
  fail "configure without cargo failed, but without saying that cargo is missing"
fi

./configure --enable-wu_hosting --with-php-config="$(command -v "$php_config")" >"$tmp/configure.log" 2>&1 ||
  { tail -30 "$tmp/configure.log" >&2; exit 1; }
build_started=$SECONDS
if [ "${WU_PHPIZE_FRESH:-0}" = 1 ]; then
  make >"$tmp/make.log" 2>&1 || { tail -40 "$tmp/make.log" >&2; exit 1; }
else
  # `make build` builds the whole workspace, whose members add features to shared
  # dependencies; asking for the workspace's libraries resolves them alike, so that
  # cargo reuses that build (the extension alone would rebuild about 30 crates).
  make WU_HOSTING_CARGO_FLAGS="--workspace --lib" >"$tmp/make.log" 2>&1 || { tail -40 "$tmp/make.log" >&2; exit 1; }
fi
if grep -q "Finished .release. profile" "$tmp/make.log" && [ -f modules/wu_hosting.so ]; then
  ok "make ran cargo and made modules/wu_hosting.so: $((SECONDS - build_started)) s, $(grep -cE '^ *Compiling ' "$tmp/make.log" || true) crates compiled"
else
  tail -20 "$tmp/make.log" >&2
  fail "make did not build modules/wu_hosting.so with cargo"
fi
# As PIE may (sudo): without cargo on PATH nor CARGO_TARGET_DIR. It installs what
# make built and runs no cargo.
env -u CARGO_TARGET_DIR PATH="$nocargo_path" HOME="$tmp/nohome" make install INSTALL_ROOT="$tmp/root" >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log" >&2; exit 1; }
if grep -q "cargo build" "$tmp/install.log"; then
  fail "make install ran cargo again"
else
  ok "make install ran no cargo"
fi

so="$tmp/root$("$php_config" --extension-dir)/wu_hosting.so"
if [ -f "$so" ]; then
  ok "make install put wu_hosting.so in INSTALL_ROOT's extension directory ($(stat -c %s "$so") bytes)"
else
  fail "no $so after make install; installed: $(cd "$tmp/root" 2>/dev/null && find . -type f | head)"
fi

want="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$src/Cargo.toml" | head -1)"
got="$("$php_bin" -n -d extension="$so" -r 'echo wu_hosting_version();' 2>&1 || true)"
if [ "$got" = "$want" ]; then
  ok "php -n -d extension=wu_hosting.so: wu_hosting_version() = $got"
else
  fail "wu_hosting_version() printed '$got', Cargo.toml says '$want'"
fi

"$PHPIZE" --clean >/dev/null 2>&1
left=""
for f in configure Makefile.fragments config.status modules build; do
  [ ! -e "$f" ] || left="$left $f"
done
if [ -z "$left" ]; then
  ok "phpize --clean removed the generated files"
else
  fail "phpize --clean left:$left"
fi

echo "phpize build test: $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

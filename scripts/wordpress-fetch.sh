#!/usr/bin/env bash
# Puts a current WordPress where the WordPress suite takes it from, once:
#
#   scripts/wordpress-fetch.sh          fetches it unless the cache already holds it,
#                                       checks it, prints its directory
#   scripts/wordpress-fetch.sh --path   only prints that directory
#
# WordPress comes from Debian 13 (trixie)'s `wordpress` package, read through apt with a
# sources list of its own in a private directory: the package is downloaded with
# `apt-get download` and unpacked with `dpkg-deb -x`. The machine's own apt sources and
# installed packages are left as they are; nothing from trixie is installed.
#
# The version is pinned (WORDPRESS_DEB_VERSION, with the SHA-256 of its .deb). Debian
# replaces a stable package when it ships a fix, and its archive then no longer has the
# pinned build: the newest build of the same WordPress series (6.8.x) is taken instead,
# with a warning, checked by apt against Debian's signed indexes. Either way the unpacked
# tree must say it is that WordPress (wp-includes/version.php) before it is used.
#
# The cache: target/wordpress/ (WU_HOSTING_WORDPRESS_CACHE to move it), one directory per
# version with a manifest of the files' checksums, checked again at each use.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

WORDPRESS_SERIES=6.8
WORDPRESS_DEB_VERSION=6.8.12+dfsg1-0+deb13u1
WORDPRESS_DEB_SHA256=d398d413b9f95695a9bf57a6a5830cc6f8c5ac42b4151015ffbd6d6756266a8d
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# The machine's own Debian mirrors, as its apt is set up (the archive that serves its
# release, and the one that serves its security updates); WU_HOSTING_DEBIAN_MIRROR and
# WU_HOSTING_DEBIAN_SECURITY_MIRROR override them.
system_mirror() { # $1: a pattern of the suite, e.g. '[a-z]+' or '[a-z]+-security'
  apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
    awk -v re="^$1\$" '$2 ~ re { print $1; exit }'
}

cache="${WU_HOSTING_WORDPRESS_CACHE:-$root/target/wordpress}"
current="$cache/current"

if [ "${1:-}" = "--path" ]; then
  echo "$current/usr/share/wordpress"
  exit 0
fi

say() { echo "wordpress-fetch: $*" >&2; }
die() { say "$*"; exit 1; }

# The WordPress version a tree says it is.
tree_version() {
  sed -n "s/^\$wp_version = '\([^']*\)';.*/\1/p" "$1/wp-includes/version.php" 2>/dev/null
}

# Checks an unpacked tree against its manifest and its version against the series.
check_tree() {
  local dir="$1" tree="$1/usr/share/wordpress" version
  [ -f "$dir/SHA256SUMS" ] && [ -f "$tree/wp-settings.php" ] || return 1
  (cd "$dir" && sha256sum --quiet --strict -c SHA256SUMS) >/dev/null 2>&1 || return 1
  version="$(tree_version "$tree")"
  case "$version" in
    "$WORDPRESS_SERIES" | "$WORDPRESS_SERIES".*) return 0 ;;
    *) return 1 ;;
  esac
}

if [ -L "$current" ] && check_tree "$current"; then
  echo "$current/usr/share/wordpress"
  exit 0
fi

mkdir -p "$cache"
command -v dpkg-deb >/dev/null || die "dpkg-deb is missing"
DEBIAN_MIRROR="${WU_HOSTING_DEBIAN_MIRROR:-$(system_mirror '[a-z]+')}"
DEBIAN_SECURITY_MIRROR="${WU_HOSTING_DEBIAN_SECURITY_MIRROR:-$(system_mirror '[a-z]+-security')}"
[ -n "$DEBIAN_MIRROR" ] || die "this machine's apt names no Debian archive; set WU_HOSTING_DEBIAN_MIRROR"
[ -f "$KEYRING" ] || die "$KEYRING is missing (package debian-archive-keyring)"

# apt with a private state: its own sources list (trixie only), lists and cache.
apt_dir="$(mktemp -d "$cache/apt.XXXXXX")"
trap 'rm -rf "$apt_dir"' EXIT
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/preferences.d"
{
  echo "deb [signed-by=$KEYRING] $DEBIAN_MIRROR trixie main"
  [ -z "$DEBIAN_SECURITY_MIRROR" ] || echo "deb [signed-by=$KEYRING] $DEBIAN_SECURITY_MIRROR trixie-security main"
} >"$apt_dir/sources.list"
apt_opts=(
  -o "Dir::Etc::SourceList=$apt_dir/sources.list"
  -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::Etc::Preferences=$apt_dir/preferences"
  -o "Dir::Etc::PreferencesParts=$apt_dir/preferences.d"
  -o "Dir::State::Lists=$apt_dir/lists"
  -o "Dir::Cache=$apt_dir/cache"
  -o Dir::State::Status=/dev/null
  -o Debug::NoLocking=1
  -o APT::Sandbox::User="$(id -un)"
  -o Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false
  -o Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false
  -o Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false
  -o Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false
  -o Acquire::Languages=none
)
say "reading Debian trixie's package index (a private sources list)"
apt-get "${apt_opts[@]}" -qq update >"$apt_dir/update.log" 2>&1 || { cat "$apt_dir/update.log" >&2; die "apt-get update failed"; }

cd "$apt_dir"
wanted="$WORDPRESS_DEB_VERSION"
if ! apt-get "${apt_opts[@]}" -qq download "wordpress=$wanted" >"$apt_dir/download.log" 2>&1; then
  wanted="$(apt-cache "${apt_opts[@]}" madison wordpress | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' |
    grep -E "^${WORDPRESS_SERIES//./\\.}\.[0-9]+\+" | sort -V | tail -n 1 || true)"
  [ -n "$wanted" ] || { cat "$apt_dir/download.log" >&2; die "trixie has no wordpress $WORDPRESS_SERIES.x"; }
  say "WARNING: wordpress $WORDPRESS_DEB_VERSION is no longer in the archive; taking $wanted (checked by apt against Debian's signed index, not against the pinned checksum)"
  apt-get "${apt_opts[@]}" -qq download "wordpress=$wanted" >"$apt_dir/download.log" 2>&1 || { cat "$apt_dir/download.log" >&2; die "apt-get download wordpress=$wanted failed"; }
fi
deb="$(ls "$apt_dir"/wordpress_*_all.deb)"
if [ "$wanted" = "$WORDPRESS_DEB_VERSION" ]; then
  echo "$WORDPRESS_DEB_SHA256  $deb" | sha256sum --quiet --strict -c - || die "$(basename "$deb"): SHA-256 differs from the pinned one"
fi

# Unpacked next to the cache, checked, then put in place under its version.
upstream="${wanted%%+*}"
target="$cache/$wanted"
rm -rf "$target" "$target.new"
mkdir "$target.new"
dpkg-deb -x "$deb" "$target.new"
got="$(tree_version "$target.new/usr/share/wordpress")"
[ "$got" = "$upstream" ] || die "the package $wanted holds WordPress '$got', not $upstream"
(cd "$target.new" && find usr/share/wordpress -type f -print0 | sort -z | xargs -0 sha256sum >SHA256SUMS)
mv "$target.new" "$target"
ln -sfn "$wanted" "$current"
check_tree "$current" || die "the unpacked WordPress in $target does not check out"
say "WordPress $got (Debian $wanted) in $current/usr/share/wordpress"
echo "$current/usr/share/wordpress"

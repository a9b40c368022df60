#!/usr/bin/env bash
# Benchmarks the readiness checks against PHP's own functions doing the same work,
# on loopback only: wu_dns_check_many() beside a dns_get_record() loop (1,000
# domains) and wu_ssl_check_many() beside a stream_socket_client() loop (200 TLS
# checks), both against the wu-fixtures servers, in one run.
#
# dns_get_record() asks only the system resolver, so both sides run inside a
# private network and mount namespace whose /etc/resolv.conf names the fixture's
# DNS server on 127.0.0.1:53; nothing leaves the machine. Needs root (unshare).
#
# A second part repeats the DNS comparison (200 domains, one round) with every DNS
# answer delayed 10 ms, as a resolver across a network answers; loopback alone
# hides what concurrency saves there.
#
# Usage: bench/readiness.sh [DNS_DOMAINS] [TLS_CHECKS]   (WU_HOSTING_EXTENSION=path: another build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ext="${WU_HOSTING_EXTENSION:-$root/target/release/libwu_hosting.so}"
fixtures="$root/target/release/wu-fixtures"
php_bin="${PHP:-php}"
dns_domains="${1:-1000}"
tls_checks="${2:-200}"

if [ "${WU_BENCH_NAMESPACE:-}" != "1" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bench/readiness.sh needs root: it runs in a private network namespace (unshare --net --mount)" >&2
    exit 1
  fi
  for tool in unshare ip mount; do
    command -v "$tool" >/dev/null || { echo "bench/readiness.sh needs '$tool' (apt-get install util-linux iproute2 mount)" >&2; exit 1; }
  done
  for f in "$ext" "$fixtures"; do
    [ -x "$f" ] || [ -f "$f" ] || { echo "$f is missing: run make build" >&2; exit 1; }
  done
  exec env WU_BENCH_NAMESPACE=1 unshare --net --mount "$0" "$@"
fi

# Inside the namespace: only a loopback interface exists.
ip link set lo up
work="$(mktemp -d)"
printf 'nameserver 127.0.0.1\noptions timeout:2 attempts:1\n' > "$work/resolv.conf"
mount --bind "$work/resolv.conf" /etc/resolv.conf

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  umount /etc/resolv.conf 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# start_fixtures NAME ARGS...: starts wu-fixtures, waits for $work/NAME.ready.
start_fixtures() {
  local name="$1"
  shift
  mkdir -p "$work/$name"
  "$fixtures" --dir "$work/$name" "$@" > "$work/$name.ready" 2> "$work/$name.log" &
  pids+=($!)
  for _ in $(seq 1 100); do
    [ -s "$work/$name.ready" ] && return 0
    sleep 0.05
  done
  echo "wu-fixtures did not start:" >&2
  cat "$work/$name.log" >&2
  exit 1
}

start_fixtures loopback --dns 127.0.0.1:53 --bench-domains "$dns_domains"
"$php_bin" -d extension="$ext" "$root/bench/readiness.php" "$work/loopback.ready" "$dns_domains" "$tls_checks"

echo
start_fixtures delayed --dns 127.0.0.2:53 --ip 127.0.0.2 --bench-domains 200 --dns-delay-ms 10
printf 'nameserver 127.0.0.2\noptions timeout:2 attempts:1\n' > "$work/resolv.conf"
"$php_bin" -d extension="$ext" "$root/bench/readiness.php" "$work/delayed.ready" 200 0 1 \
  "DNS answers delayed 10 ms (as across a network):"

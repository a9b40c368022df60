#!/usr/bin/env bash
# Starts target/release/fake-panel, exports its ready line as environment variables
# (WU_ENHANCE_API_URL, WU_ENHANCE_API_TOKEN, WU_ENHANCE_ORG_ID, WU_ENHANCE_WEBSITE_ID,
# WU_ENHANCE_SERVER_ID, DOMAIN_CURRENT_SITE, CLOSTE_CLIENT_API_KEY, WU_CLOSTE_API_URL,
# WU_HOSTING_CA_FILE, FAKE_PANEL_ADMIN_URL),
# runs the given command, and stops the panel afterwards.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
panel="${FAKE_PANEL:-$root/target/release/fake-panel}"
state="$(mktemp -d)"
"$panel" --state-dir "$state" ${FAKE_PANEL_ARGS:-} >"$state/ready" 2>"$state/panel.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$state"' EXIT
line=""
for _ in $(seq 1 300); do
  line="$(head -n 1 "$state/ready" 2>/dev/null || true)"
  [ -n "$line" ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.1
done
if [ -z "$line" ]; then
  echo "fake-panel did not start; its log:" >&2
  cat "$state/panel.log" >&2
  exit 1
fi
field() { php -r 'echo json_decode($argv[1], true)[$argv[2]] ?? "";' "$line" "$1"; }
export WU_ENHANCE_API_URL="$(field enhance_api_url)"
export WU_ENHANCE_API_TOKEN="$(field enhance_token)"
export WU_ENHANCE_ORG_ID="$(field enhance_org_id)"
export WU_ENHANCE_WEBSITE_ID="$(field enhance_website_id)"
export WU_ENHANCE_SERVER_ID="$(field enhance_server_id)"
export DOMAIN_CURRENT_SITE="$(field enhance_network_domain)"
export WU_HOSTING_CA_FILE="$(field ca_file)"
export FAKE_PANEL_ADMIN_URL="$(field admin_url)"
export CLOSTE_CLIENT_API_KEY="$(field closte_api_key)"
export WU_CLOSTE_API_URL="$(field closte_api_url)"
export FAKE_PANEL_READY="$line"
"$@"

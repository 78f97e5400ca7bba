#!/usr/bin/env bash
# Regenerates docs/explorer.png, the README's picture of the attention explorer: the quickstart's attention.html
# drawn by Debian's Chromium (apt-get install -y chromium), the browser ExplorerBrowserIT drives.
# Run from anywhere: docs/screenshot.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./attnlab explain configs/quickstart.yaml
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# root needs --no-sandbox; the rest keeps a headless Chromium off the network and its first-run work
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars --window-size=1440,1240 \
  --virtual-time-budget=10000 --screenshot="$root/docs/explorer.png" "file://$root/results/quickstart/attention.html" 2>/dev/null
echo "docs/explorer.png: $(du -k docs/explorer.png | cut -f1) KB"

#!/usr/bin/env bash
# `make dist`: dist/ is web/ as built (wasm, vendored Chart.js), ready for any
# static host under any sub-path: every URL in the page is relative.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
mkdir -p dist
cp -r web/. dist/
echo "dist/: $(du -sh dist | cut -f1) in $(find dist -type f | wc -l) files"

#!/usr/bin/env bash
# `make dist`: dist/ is the built page for any static host under any sub-path
# (every URL in it is relative), plus dist/depthlab.html, one self-contained file
# that works opened from disk.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
mkdir -p dist
cp -r web/. dist/
node build-scripts/single-file.mjs
echo "dist/: $(du -sh --exclude=depthlab.html dist | cut -f1) in $(find dist -type f ! -name depthlab.html | wc -l) files; dist/depthlab.html: $(du -h dist/depthlab.html | cut -f1)"

#!/usr/bin/env bash
# Copies the page's third-party files from node_modules into web/vendor, so the
# page loads nothing from the network.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p web/vendor
cp node_modules/chart.js/dist/chart.umd.min.js web/vendor/chart.umd.min.js
cp node_modules/chart.js/LICENSE.md web/vendor/chart.js.LICENSE.md

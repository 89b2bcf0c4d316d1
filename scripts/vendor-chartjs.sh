#!/usr/bin/env bash
# Copies Chart.js (npm package chart.js, pinned in package.json) into static/vendor/chartjs/:
# the dashboard's charts, served by us, never from a CDN.
# Usage: npm install && bash scripts/vendor-chartjs.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/node_modules/chart.js"
DEST="$ROOT/static/vendor/chartjs"
[[ -f "$SRC/dist/chart.umd.min.js" ]] || { echo "run 'npm install' first" >&2; exit 1; }
rm -rf "$DEST" && mkdir -p "$DEST"
# The map goes along: the file names it, and collectstatic's manifest storage follows it.
cp "$SRC/dist/chart.umd.min.js" "$SRC/dist/chart.umd.min.js.map" "$SRC/LICENSE.md" "$DEST/"
echo "chart.js $(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$SRC/package.json" | head -n1)" > "$DEST/VERSION"

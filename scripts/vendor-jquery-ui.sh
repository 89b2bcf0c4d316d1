#!/usr/bin/env bash
# Copies jQuery UI (npm package jquery-ui, pinned in package.json) into static/vendor/jquery-ui/.
# modeltranslation's tabbed admin needs it and would otherwise load it from a CDN
# (settings.JQUERY_UI_URL points here). Usage: npm install && bash scripts/vendor-jquery-ui.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/node_modules/jquery-ui"
DEST="$ROOT/static/vendor/jquery-ui"
[[ -f "$SRC/dist/jquery-ui.min.js" ]] || { echo "run 'npm install' first" >&2; exit 1; }
rm -rf "$DEST" && mkdir -p "$DEST"
cp "$SRC/dist/jquery-ui.min.js" "$SRC/LICENSE.txt" "$DEST/"
echo "jquery-ui $(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$SRC/package.json" | head -n1)" > "$DEST/VERSION"

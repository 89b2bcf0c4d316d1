#!/usr/bin/env bash
# Copies axe-core (npm package axe-core, pinned in package.json) into tests/browser/vendor/:
# the browser tests inject it into each page to check WCAG 2.1 AA. Test-only; never served.
# Usage: npm install && bash scripts/vendor-axe.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/node_modules/axe-core"
DEST="$ROOT/tests/browser/vendor"
[[ -f "$SRC/axe.min.js" ]] || { echo "run 'npm install' first" >&2; exit 1; }
mkdir -p "$DEST"
cp "$SRC/axe.min.js" "$DEST/axe.min.js"
cp "$SRC/LICENSE" "$DEST/axe-LICENSE"
echo "axe-core $(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$SRC/package.json" | head -n1)" > "$DEST/axe-VERSION"

#!/usr/bin/env bash
# Copies KRDS (npm package krds-uiux, pinned in package.json) into static/vendor/krds/.
#
# Why a copy and not the package's cdn/ build: cdn/krds.min.css loads its icons from the
# government's own host, and no page of the portal may fetch anything from another host.
# resources/ has the same CSS with relative url()s, so we take that tree and keep its layout
# (css/<group>/<file>.css next to ../../img/...) so every url() resolves under /static/.
#
# Usage: npm install && bash scripts/vendor-krds.sh    (the result is committed)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/node_modules/krds-uiux"
DEST="$ROOT/static/vendor/krds"

if [[ ! -d "$SRC/resources" ]]; then
    echo "krds-uiux is not installed: run 'npm install' first." >&2
    exit 1
fi

VERSION="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$SRC/package.json" | head -n1)"

rm -rf "$DEST"
mkdir -p "$DEST/css/token" "$DEST/css/common" "$DEST/css/component" "$DEST/js/component" "$DEST/fonts"

# CSS: only the three stylesheets we link; no source maps, no *_bak files, no output.css
# (a second build of component.css), no swiper plugin (the portal has no carousel).
cp "$SRC/resources/css/token/krds_tokens.css" "$DEST/css/token/"
cp "$SRC/resources/css/common/common.css" "$DEST/css/common/"
cp "$SRC/resources/css/component/component.css" "$DEST/css/component/"

for css in "$DEST"/css/*/*.css; do
    # Some rules of krds-uiux 1.1.0 point at ../../img/img/component/... (a packaging bug):
    # point them at the real ../../img/component/... so no icon is duplicated.
    sed -i 's#\.\./\.\./img/img/#../../img/#g' "$css"
    # Drop the sourceMappingURL comment: the maps are not copied.
    sed -i '/sourceMappingURL=/d' "$css"
done
# common.css @imports the tokens; base.html links the tokens itself, so the import would only
# add a second, sequential request for the same file.
sed -i -E '/^@import "\.\.\/\.\.\/css\/token\/krds_tokens\.css";\r?$/d' "$DEST/css/common/common.css"
if grep -q "@import" "$DEST/css/common/common.css"; then
    echo "error: common.css still has an @import" >&2
    exit 1
fi

# JS: the component script (no network access in it), not its _bak copy nor the swiper plugin.
cp "$SRC/resources/js/component/ui-script.js" "$DEST/js/component/"

# Fonts: Pretendard GOV subsets, woff2 with woff as fallback (@font-face in static/css/portal.css).
cp "$SRC"/resources/fonts/*.woff2 "$SRC"/resources/fonts/*.woff "$DEST/fonts/"

# Images: exactly the files the vendored CSS refers to.
grep -ohE 'url\(\.\./\.\./img/[^)"'"'"']+\)' "$DEST"/css/*/*.css \
    | sed -E 's#^url\(\.\./\.\./img/##; s#\)$##' \
    | sort -u \
    | while read -r rel; do
        if [[ ! -f "$SRC/resources/img/$rel" ]]; then
            echo "warning: $rel is referenced by KRDS CSS but not shipped in the package" >&2
            continue
        fi
        mkdir -p "$DEST/img/$(dirname "$rel")"
        cp "$SRC/resources/img/$rel" "$DEST/img/$rel"
    done

# Licence note: the package is ISC-licensed and refers to the KRDS terms of use.
cp "$SRC/README.md" "$DEST/README.md"
cat > "$DEST/NOTICE.md" <<NOTICE
# KRDS (krds-uiux $VERSION)

Copied from the npm package \`krds-uiux@$VERSION\` (\`resources/\` tree) by
\`scripts/vendor-krds.sh\`. Do not edit these files by hand: change the version in
\`package.json\`, run \`npm install\` and the script again.

- Licence: ISC, as declared in the package's \`package.json\`; the package's README
  (copied beside this file) states that it follows the terms of use of the Korea Design
  System (KRDS) of the Korean digital government.
- Changes made by the script: the \`../../img/img/\` paths of some rules are corrected to
  \`../../img/\`; \`sourceMappingURL\` comments and the \`@import\` of the tokens in
  \`common.css\` are removed; only the images referenced by the CSS are kept.
NOTICE

# Nothing the browser would fetch may point at another host.
if grep -nE '@import[^;]*https?://|url\(["'"'"']?https?://' -r "$DEST"; then
    echo "error: vendored KRDS refers to a remote URL" >&2
    exit 1
fi

echo "KRDS $VERSION copied to ${DEST#"$ROOT"/}: $(find "$DEST" -type f | wc -l) files, $(du -sh "$DEST" | cut -f1)"

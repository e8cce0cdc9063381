#!/usr/bin/env bash
# Copies the front-end packages pinned in package.json / package-lock.json (npm registry) into
# static/vendor/, which the app serves itself (no CDN). Run after changing package.json:
#   make vendor
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
dest=static/vendor
rm -rf "$dest"
mkdir -p "$dest/bootstrap" "$dest/htmx" "$dest/sortablejs" "$dest/chartjs" "$dest/fonts/source-sans-3"
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map "$dest/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map "$dest/bootstrap/"
cp node_modules/bootstrap/LICENSE "$dest/bootstrap/LICENSE"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
cp node_modules/htmx.org/LICENSE "$dest/htmx/LICENSE"
cp node_modules/sortablejs/Sortable.min.js "$dest/sortablejs/"
cp node_modules/sortablejs/LICENSE "$dest/sortablejs/LICENSE"
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map "$dest/chartjs/"
cp node_modules/chart.js/LICENSE.md "$dest/chartjs/LICENSE.md"
fonts=node_modules/@fontsource/source-sans-3
for weight in 400 600 700; do
  for subset in latin latin-ext; do
    cp "$fonts/files/source-sans-3-$subset-$weight-normal.woff2" "$dest/fonts/source-sans-3/"
    cp "$fonts/files/source-sans-3-$subset-$weight-normal.woff" "$dest/fonts/source-sans-3/"
  done
done
for subset in latin latin-ext; do
  cp "$fonts/files/source-sans-3-$subset-400-italic.woff2" "$dest/fonts/source-sans-3/"
  cp "$fonts/files/source-sans-3-$subset-400-italic.woff" "$dest/fonts/source-sans-3/"
done
cp "$fonts/LICENSE" "$dest/fonts/source-sans-3/LICENSE"
# Noto Emoji (monochrome), the last fallback of the pages and the PDFs for emoji officers type: its subsets
# (woff2; the PDF adds only those a document needs) and their unicode ranges, read by seimpact/lib/pdf.py.
emoji=node_modules/@fontsource/noto-emoji
mkdir -p "$dest/fonts/noto-emoji"
for subset in 0 1 2 3 4 5 6 7 8 9 10; do
  cp "$emoji/files/noto-emoji-$subset-400-normal.woff2" "$dest/fonts/noto-emoji/"
done
cp "$emoji/unicode.json" "$dest/fonts/noto-emoji/unicode-ranges.json"
cp "$emoji/LICENSE" "$dest/fonts/noto-emoji/LICENSE"
echo "static/vendor refreshed from package-lock.json"

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
# Bootstrap Icons: only the icons the pages use, as one SVG sprite (the package's full sprite is 1.1 MB).
# seimpact/lib/icons.py names them; add a name here and run `make vendor` to use another icon.
icons=(arrow-up arrow-down grip-vertical trash3 chat-left-text check-lg check-circle x-lg exclamation-triangle
  cloud-check cloud-arrow-up cloud-slash layout-three-columns plus-lg globe2 clock info-circle arrow-counterclockwise
  box-arrow-up-right download printer file-earmark-pdf file-earmark-spreadsheet chevron-down chevron-up
  question-circle pencil eye eye-slash link-45deg calendar-event flag search list)
mkdir -p "$dest/bootstrap-icons"
python3 - "$dest/bootstrap-icons/icons.svg" "${icons[@]}" <<'PY'
import re, sys
out, names = sys.argv[1], sys.argv[2:]
symbols = []
for name in names:
    svg = open(f"node_modules/bootstrap-icons/icons/{name}.svg", encoding="utf-8").read()
    view_box = re.search(r'viewBox="([^"]+)"', svg).group(1)
    inner = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S).group(1).strip()
    symbols.append(f'<symbol id="{name}" viewBox="{view_box}">{inner}</symbol>')
with open(out, "w", encoding="utf-8") as f:
    f.write('<svg xmlns="http://www.w3.org/2000/svg">' + "".join(symbols) + "</svg>\n")
PY
cp node_modules/bootstrap-icons/LICENSE "$dest/bootstrap-icons/LICENSE"
echo "static/vendor refreshed from package-lock.json"

#!/usr/bin/env bash
# Regenerate the page previews in docs/images with the project's own command
# (`draft render … --format png`, LibreOffice + poppler needed): page 1 of one example per
# style family (公文, 报刊).  Add a line for a new family.
set -euo pipefail
cd "$(dirname "$0")/.."
draft=${DRAFT:-draft}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
while read -r name example; do
  [ -n "$name" ] || continue
  [ -f "$example" ] || { echo "skipped, not here: $example" >&2; continue; }
  $draft render "$example" --format png -o "$work/$name.png"
  cp "$work/$name-1.png" "docs/images/$name-1.png"
done <<'LIST'
gongwen-zhuanjie examples/zhuanjie-minzheng-2024.yaml
baokan-zongshu examples/zongshu-wanyuan-2024.yaml
LIST

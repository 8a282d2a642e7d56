#!/usr/bin/env bash
# Cuts the letter fonts (src/Documents/Fonts) down to the Latin scripts names and addresses are written in,
# from Debian's fonts-dejavu-core. PDFsharp copies the whole font into every letter it subsets; at 750 KB that
# copy, not the drawing, was the largest cost of a round's letters (see docs/adr/0010). Needs Debian's python3-fonttools and fonts-dejavu-core.
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir=/usr/share/fonts/truetype/dejavu
# Basic Latin, Latin-1, Latin Extended-A and -B, combining marks, Latin Extended Additional (Vietnamese),
# general punctuation, €, ™, arrows and the minus, bullet and replacement signs the templates use.
unicodes="U+0020-007E,U+00A0-024F,U+0300-036F,U+1E00-1EFF,U+2010-2027,U+2030-203A,U+2044,U+20AC,U+2122,U+2190-2193,U+2212,U+2022,U+25CF,U+FFFD"
for font in DejaVuSans DejaVuSans-Bold; do
  /usr/bin/python3 -m fontTools.subset "$source_dir/$font.ttf" --unicodes="$unicodes" --layout-features='*' \
    --name-IDs='*' --name-legacy --name-languages='*' --notdef-outline \
    --output-file="src/Documents/Fonts/$font.ttf"
done
ls -l src/Documents/Fonts/*.ttf

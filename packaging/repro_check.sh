#!/usr/bin/env bash
# Reproducibility check: build the same commit twice, in two separate build folders (separate
# venvs too, so a path that leaks into the output shows up), and compare everything.
#
#   bash packaging/repro_check.sh            # report in build/repro/report.txt
#
# Each build is a full packaging/build.sh (clean venv from the hashed pins, PyInstaller with
# SOURCE_DATE_EPOCH and PYTHONHASHSEED=0, .tar.gz, .deb) in its own snapshot of the checkout,
# at its own path, with its own venv and work folder. SOURCE_DATE_EPOCH is fixed once for both.
# Takes about 4 minutes on a 2-core machine (two venvs, two PyInstaller runs).
# Exit 0 when both builds are identical bit for bit; 1 otherwise, listing each difference
# and why (packaging/repro_diff.py).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${REPRO_DIR:-$ROOT/build/repro}"
rm -rf "$OUT"
mkdir -p "$OUT"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"

# One snapshot of the source, copied to two different paths (what build.sh would see:
# tracked and untracked, not ignored, files), so edits made meanwhile cannot creep in and the
# build location differs between the two builds.
SRC_A="$OUT/src-a" SRC_B="$OUT/elsewhere/src-b"
mkdir -p "$SRC_A" "$SRC_B"
git ls-files -z --cached --others --exclude-standard | \
    tar --null -T - -cf - | tar -C "$SRC_A" -xf -
cp -a "$SRC_A/." "$SRC_B/"

start=$(date +%s)
echo "== build A (in $SRC_A, build dir $OUT/build-a)"
(cd "$SRC_A" && BUILD_DIR="$OUT/build-a" DIST_DIR="$OUT/dist-a" bash packaging/build.sh) \
    > "$OUT/build-a.log" 2>&1 || { tail -30 "$OUT/build-a.log"; exit 2; }
echo "== build B (in $SRC_B, build dir $OUT/build-b)"
(cd "$SRC_B" && BUILD_DIR="$OUT/build-b" DIST_DIR="$OUT/dist-b" bash packaging/build.sh) \
    > "$OUT/build-b.log" 2>&1 || { tail -30 "$OUT/build-b.log"; exit 2; }
echo "== both builds took $(( $(date +%s) - start )) s; comparing"

set +e
"$OUT/build-a/venv/bin/python" packaging/repro_diff.py "$OUT/dist-a" "$OUT/dist-b" \
    | tee "$OUT/report.txt"
status=${PIPESTATUS[0]}
set -e
echo "report: $OUT/report.txt"
exit "$status"

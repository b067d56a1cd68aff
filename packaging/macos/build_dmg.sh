#!/usr/bin/env bash
# Build Fieldnotes.app and a .dmg on macOS (arm64). NOT RUN HERE (only Linux was built and
# tried); the CI workflow packaging/ci/github-workflow.yml runs it on macos-14.
#
#   bash packaging/macos/build_dmg.sh       # → dist/Fieldnotes.app, dist/fieldnotes-<v>-macos-<arch>.dmg
#
# The app is ad-hoc signed only (PyInstaller does that on arm64): Gatekeeper will ask the user
# to confirm the first start (right-click → Open). Signing with a Developer ID and notarizing
# (codesign --options runtime, xcrun notarytool submit --wait, xcrun stapler staple) need the
# organisation's Apple credentials and are left as marked steps below.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' fieldnotes/__init__.py)"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}"
export PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1
ARCH="$(uname -m)"
PYTHON="${PYTHON:-python3.11}"

rm -rf build/venv
"$PYTHON" -m venv build/venv
build/venv/bin/python -m pip install --quiet --no-deps --require-hashes --only-binary=:all: \
    -r packaging/requirements-build.txt

build/venv/bin/python packaging/make_icons.py --iconset build/icons/fieldnotes.iconset
iconutil -c icns -o build/icons/fieldnotes.icns build/icons/fieldnotes.iconset
export FIELDNOTES_ICON="$ROOT/build/icons/fieldnotes.icns"

build/venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
    --workpath build/pyinstaller --distpath dist build.spec
APP="dist/Fieldnotes.app"
EXE="$APP/Contents/MacOS/fieldnotes"
"$EXE" --self-test
QT_QPA_PLATFORM=offscreen "$EXE" --smoke-test

# Developer ID signing and notarization (needs credentials; not done in CI):
#   codesign --force --deep --options runtime --timestamp --sign "Developer ID Application: …" "$APP"
#   xcrun notarytool submit dist/….dmg --keychain-profile fieldnotes --wait
#   xcrun stapler staple dist/….dmg
codesign --verify --deep --strict "$APP" || echo "warning: the ad-hoc signature does not verify"

STAGE="build/dmg"
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG="dist/fieldnotes-$VERSION-macos-$ARCH.dmg"
rm -f "$DMG"
hdiutil create -volname "Fieldnotes $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
hdiutil verify "$DMG"
ls -l dist

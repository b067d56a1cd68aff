# Build Fieldnotes on Windows x64: clean venv, PyInstaller, frozen self-test and GUI smoke test,
# Inno Setup installer. NOT RUN HERE (only Linux was built and tried); the CI workflow
# packaging/ci/github-workflow.yml runs it on windows-latest.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
#
# Needs CPython 3.11 x64 (py -3.11) and Inno Setup 6 (iscc on PATH or in Program Files).
$ErrorActionPreference = "Stop"
$Root = (Resolve-Path "$PSScriptRoot\..\..").Path
Set-Location $Root

$Version = (Select-String -Path fieldnotes\__init__.py -Pattern '__version__ = "(.*)"').Matches[0].Groups[1].Value
if (-not $env:SOURCE_DATE_EPOCH) { $env:SOURCE_DATE_EPOCH = (git log -1 --format=%ct) }
$env:PYTHONHASHSEED = "0"
$env:PYTHONDONTWRITEBYTECODE = "1"
Write-Host "==> fieldnotes $Version, SOURCE_DATE_EPOCH=$env:SOURCE_DATE_EPOCH"

$Python = if ($env:PYTHON) { $env:PYTHON } else { "py" }
$PyArgs = if ($env:PYTHON) { @() } else { @("-3.11") }
if (Test-Path build\venv) { Remove-Item -Recurse -Force build\venv }
& $Python @PyArgs -m venv build\venv
$Py = "build\venv\Scripts\python.exe"
& $Py -m pip install --quiet --no-deps --require-hashes --only-binary=:all: -r packaging\requirements-build.txt
if ($LASTEXITCODE) { throw "pip install failed" }

& $Py packaging\make_icons.py --ico build\icons\fieldnotes.ico
if ($LASTEXITCODE) { throw "icon failed" }
$env:FIELDNOTES_ICON = "$Root\build\icons\fieldnotes.ico"

& $Py -m PyInstaller --noconfirm --clean --log-level WARN --workpath build\pyinstaller --distpath dist build.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }

& dist\fieldnotes\fieldnotes.exe --self-test
if ($LASTEXITCODE) { throw "frozen self-test failed" }
$env:QT_QPA_PLATFORM = "offscreen"
& dist\fieldnotes\fieldnotes.exe --smoke-test
if ($LASTEXITCODE) { throw "frozen GUI smoke test failed" }
Remove-Item Env:\QT_QPA_PLATFORM

$Iscc = (Get-Command iscc -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $Iscc "/DAppVersion=$Version" "/DSourceDir=$Root\dist\fieldnotes" "/DOutputDir=$Root\dist" "/DIconFile=$Root\build\icons\fieldnotes.ico" packaging\windows\fieldnotes.iss
if ($LASTEXITCODE) { throw "Inno Setup failed" }

# A zip of the app folder too, for those who cannot run installers.
Compress-Archive -Force -Path dist\fieldnotes -DestinationPath "dist\fieldnotes-$Version-windows-x64.zip"
Get-ChildItem dist | Format-Table Name, Length

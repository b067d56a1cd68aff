; Inno Setup 6 script for Fieldnotes on Windows x64. NOT RUN HERE (built and tried on Linux
; only); packaging/windows/build.ps1 and the CI workflow compile it with:
;   iscc /DAppVersion=0.1.0 /DSourceDir=<repo>\dist\fieldnotes /DOutputDir=<repo>\dist ^
;        packaging\windows\fieldnotes.iss
; Installs the PyInstaller one-folder app (fieldnotes.exe = command line, fieldnotes-gui.exe =
; the desktop app, sharing _internal\), a Start-menu shortcut, and optionally puts the folder
; on the PATH so `fieldnotes --self-test` works in a terminal. Per-user install without admin
; rights is offered: many researchers' laptops are managed by someone else.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\fieldnotes"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\fieldnotes.ico"
#endif

[Setup]
AppId={{5B0E2C1A-7F3D-4C59-9E57-3C1D2A6F9B10}
AppName=Fieldnotes
AppVersion={#AppVersion}
AppVerName=Fieldnotes {#AppVersion}
AppPublisher=Fieldnotes developers
DefaultDirName={autopf}\Fieldnotes
DefaultGroupName=Fieldnotes
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir={#OutputDir}
OutputBaseFilename=fieldnotes-{#AppVersion}-windows-x64-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\fieldnotes-gui.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes
; Reproducible-ish: a fixed timestamp for the files inside the installer.
TimeStampsInUTC=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add the fieldnotes command to the PATH"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Fieldnotes"; Filename: "{app}\fieldnotes-gui.exe"
Name: "{autodesktop}\Fieldnotes"; Filename: "{app}\fieldnotes-gui.exe"; Tasks: desktopicon

[Registry]
Root: HKA; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; \
    ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\fieldnotes-gui.exe"; Description: "{cm:LaunchProgram,Fieldnotes}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Paths: string;
  RootKey: Integer;
begin
  if IsAdminInstallMode then RootKey := HKEY_LOCAL_MACHINE else RootKey := HKEY_CURRENT_USER;
  if not RegQueryStringValue(RootKey, 'Environment', 'Path', Paths) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Paths) + ';') = 0;
end;

; Inno Setup script of 考绩桌面 (kaoji-desktop): a per-user installer, no admin rights.
;
;   pyinstaller installer\kaoji.spec --noconfirm          (makes dist\kaoji-desktop\)
;   iscc /DAppVersion=0.1.0 /DAppVersionNum=0.1.0.0 installer\kaoji.iss
;
; gives dist\kaoji-desktop-setup-0.1.0.exe. The version comes from pyproject.toml
; (`python installer\build_config.py` and `... numeric`); the workflow passes it.
; Year files (.kaoji) live in the user's Documents and are never touched by the
; uninstaller: there is deliberately no [UninstallDelete] section.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z (python installer\build_config.py)
#endif
#ifndef AppVersionNum
  #define AppVersionNum "0.0.0.0"
#endif
#ifndef DistDir
  #define DistDir "..\dist\kaoji-desktop"
#endif
#define AppName "考绩桌面"
#define AppExe "kaoji-desktop.exe"

[Setup]
AppId={{C8F81310-34AB-4AA7-A14D-26F270A4DA59}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersionNum}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
PrivilegesRequired=lowest
DefaultDirName={autopf}\kaoji-desktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\dist
OutputBaseFilename=kaoji-desktop-setup-{#AppVersion}
SetupIconFile=..\resources\kaoji.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no

[Languages]
; ChineseSimplified.isl is an unofficial Inno Setup translation in most
; releases: use a copy beside this script (the workflow fetches one) or the
; compiler's, else fall back to English wizard pages.
#if FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "chs"; MessagesFile: "ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\ChineseSimplified.isl")
Name: "chs"; MessagesFile: "compiler:Languages\Unofficial\ChineseSimplified.isl"
#else
Name: "en"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "创建桌面快捷方式"; GroupDescription: "其他快捷方式:"

[InstallDelete]
; An upgrade replaces the program's own files only (never anything in Documents).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\resources\kaoji.ico"; DestDir: "{app}\icons"; Flags: ignoreversion
Source: "..\resources\kjtask.ico"; DestDir: "{app}\icons"; Flags: ignoreversion
Source: "..\resources\kjret.ico"; DestDir: "{app}\icons"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; IconFilename: "{app}\icons\kaoji.ico"
Name: "{autoprograms}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; IconFilename: "{app}\icons\kaoji.ico"; Tasks: desktopicon

[Registry]
; File types, per user (HKCU\Software\Classes): 年度文件 .kaoji, 任务包 .kjtask, 回执 .kjret.
Root: HKCU; Subkey: "Software\Classes\.kaoji"; ValueType: string; ValueName: ""; ValueData: "KaojiDesktop.YearFile"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.kaoji\OpenWithProgids"; ValueType: string; ValueName: "KaojiDesktop.YearFile"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\KaojiDesktop.YearFile"; ValueType: string; ValueName: ""; ValueData: "考绩年度文件"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\KaojiDesktop.YearFile\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\icons\kaoji.ico"",0"
Root: HKCU; Subkey: "Software\Classes\KaojiDesktop.YearFile\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

Root: HKCU; Subkey: "Software\Classes\.kjtask"; ValueType: string; ValueName: ""; ValueData: "KaojiDesktop.TaskPackage"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.kjtask\OpenWithProgids"; ValueType: string; ValueName: "KaojiDesktop.TaskPackage"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\KaojiDesktop.TaskPackage"; ValueType: string; ValueName: ""; ValueData: "考绩任务包"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\KaojiDesktop.TaskPackage\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\icons\kjtask.ico"",0"
Root: HKCU; Subkey: "Software\Classes\KaojiDesktop.TaskPackage\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

Root: HKCU; Subkey: "Software\Classes\.kjret"; ValueType: string; ValueName: ""; ValueData: "KaojiDesktop.Return"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.kjret\OpenWithProgids"; ValueType: string; ValueName: "KaojiDesktop.Return"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\KaojiDesktop.Return"; ValueType: string; ValueName: ""; ValueData: "考绩回执"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\KaojiDesktop.Return\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\icons\kjret.ico"",0"
Root: HKCU; Subkey: "Software\Classes\KaojiDesktop.Return\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "启动{#AppName}"; WorkingDir: "{userdocs}"; Flags: nowait postinstall skipifsilent

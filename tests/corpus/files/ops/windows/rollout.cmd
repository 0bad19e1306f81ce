@echo off
setlocal
for /f %%h in (hosts.txt) do (
  PsExec.exe \\%%h -u Administrator -p Saffron6753@ -c -f install-agent.bat
  PsExec.exe \\%%h -u %ADMIN_USER% -p %ADMIN_PW% -c -f install-agent.bat
)
psexec \\build-01 -s -priority low cmd /c cleanup.bat

#Requires -Modules VMware.PowerCLI
param([string]$Cluster = 'prod')

Connect-VIServer -Server vc01.acme.local -User svc-deploy@vsphere.local -Password 'Juniper343!'
Connect-VIServer -Server $vc -User $env:VC_USER -Password $env:VC_PASSWORD
Connect-VIServer -Server vc02.acme.local -Credential (Get-Credential)
$secure = ConvertTo-SecureString "ZMMOOKtmQ5B8!I8~" -AsPlainText -Force
$secure = ConvertTo-SecureString $env:SQL_SA_PASSWORD -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential("ACME\svc-sql", $secure)
& psexec.exe \\sql-01 -u ACME\svc-sql -p Juniper6722! -accepteula -s net stop MSSQLSERVER
$wc.Credentials = New-Object System.Net.NetworkCredential("svc-download", "7OkTk%pU_axHbnnMXy")
$wc.Credentials = New-Object System.Net.NetworkCredential($user, $pass)

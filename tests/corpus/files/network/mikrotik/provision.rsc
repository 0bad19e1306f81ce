:local adminPass "$1"
/ip service set telnet disabled=yes
/user add name=netops password=Euyx8XI4j71PxM group=full
/user set admin password=$adminPass

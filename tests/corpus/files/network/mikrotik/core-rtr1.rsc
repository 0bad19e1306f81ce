# 2024-03-05 10:12:44 by RouterOS 7.14.1
# software id = 8KQ2-XN4P
#
# model = RB4011iGS+
/interface bridge
add name=bridge-lan
/interface wireless security-profiles
set [ find default=yes ] supplicant-identity=MikroTik
add authentication-types=wpa2-psk mode=dynamic-keys name=office \
    supplicant-identity=MikroTik wpa2-pre-shared-key=bJc230B!E-UjiwOB
/interface wifi security
add authentication-types=wpa2-psk,wpa3-psk name=sec-guest passphrase="jH3JMqir22@LyB-q"
/ip ipsec peer
add address=203.0.113.5/32 exchange-mode=ike2 name=branch1
/ip ipsec identity
add peer=branch1 secret=g7hn8C5LpYl_xL
add auth-method=digital-signature certificate=r1 peer=legacy
/ppp secret
add name=vpn-branch1 password=BMzv7g._3T5uqG profile=default-encryption service=l2tp
add name=templated password=$vpnPass service=l2tp
/radius
add address=10.20.0.16 secret=vne2cQb-fA+yo2 service=login,ppp
/snmp community
set [ find default=yes ] disabled=yes
add addresses=10.0.0.0/8 name=viGdOmZRb4++ write-access=yes
/system identity
set name=core-rtr1

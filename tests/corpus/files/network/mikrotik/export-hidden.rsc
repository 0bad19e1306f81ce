# 2024-03-05 10:14:02 by RouterOS 7.14.1
# software id = 8KQ2-XN4P
/interface wireless security-profiles
add authentication-types=wpa2-psk mode=dynamic-keys name=office supplicant-identity=MikroTik
/ppp secret
add name=vpn-branch1 profile=default-encryption service=l2tp

    assert qr == "pia://container/SMPH01?issuer=pi&serial=SMPH01&passphrase=Enter%20your%20passphrase"

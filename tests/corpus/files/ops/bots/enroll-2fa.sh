#!/bin/sh
# The release bot's authenticator entry (scan it into the shared phone).
URI='otpauth://totp/ACME%20Release:release-bot@acme-corp.io?secret=OPQC3PIHUHLB5KLZ4IAUCJYJR2&issuer=ACME%20Release'
qrencode -t ansiutf8 "$URI"
# Format: otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example

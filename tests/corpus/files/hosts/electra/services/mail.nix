      smtp_sasl_password_maps = "texthash:/run/secrets/smtp-relay-creds";

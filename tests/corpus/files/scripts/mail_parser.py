GMAIL_USER = "deals.bot@acme-mail.io"
GMAIL_APP_PASSWORD = "wcht rcco tdit sfml"

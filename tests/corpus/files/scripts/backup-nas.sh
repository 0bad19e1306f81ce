#!/usr/bin/env bash
set -euo pipefail
sshpass -p 'OYJ7Lug1O%#t0t' rsync -az -e ssh /srv/backups/ backup@nas-01.acme.local:/volume1/backups/
sshpass -e rsync -az -e ssh /srv/logs/ backup@nas-01.acme.local:/volume1/logs/
sshpass -p "$NAS_PASSWORD" ssh backup@nas-01.acme.local df -h
psql "postgresql://backup:Saffron6196!@pg-replica.acme.local:5432/ledger" -c 'select 1'
psql "postgresql://backup:$PGPASSWORD@pg-replica.acme.local:5432/ledger" -c 'select 1'

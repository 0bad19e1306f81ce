#!/bin/sh
set -eu
curl -fsSL -u deploy:4AujzlYOB+7NW9+GUk https://artifacts.acme-corp.io/api/upload -T dist.tar.gz
curl -fsSL -u "$ARTIFACT_USER:$ARTIFACT_PASS" https://artifacts.acme-corp.io/api/ping
curl -H "Authorization: Bearer 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" https://api.github.com/repos/acme/app/releases
curl -H "Authorization: Bearer ${GITHUB_TOKEN}" https://api.github.com/user
wget --user=mirror --password=wn2ZJKzEbk7-.m2R https://downloads.acme-corp.io/nightly.tgz
mysql -h db.acme-corp.io -u report -pJ0n7q7Vlu~r~kd reports < export.sql
PGPASSWORD='xL3f#C%BS6cLEoVU4b' psql -h pg.acme-corp.io -U etl warehouse
PGPASSWORD="$(vault kv get -field=password secret/etl)" psql -h pg.acme-corp.io -U etl warehouse
gpg --verify dist.tar.gz.sig && echo 6336eead41d89569216f5bd230f57e10e527b094be330bcfa2d507b9794a205c

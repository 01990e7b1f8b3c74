#!/bin/sh
# Prints a production .env for the portal at https://<domain>: .env.example with the guide's
# paths, nginx on this machine, no demo data, and a new SECRET_KEY. install.sh runs it once
# (never over an existing .env: a new key could not read what the old one sealed).
# Usage: sh scripts/deploy/make-env.sh zfzg.example.edu.cn > .env
set -eu
DOMAIN=${1:?usage: sh scripts/deploy/make-env.sh <domain> > .env}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
KEY=$(node -e "console.log(require('crypto').randomBytes(32).toString('hex'))")
sed \
  -e 's|^DATA_DIR=.*|DATA_DIR=/var/lib/zuofeng-portal|' \
  -e 's|^BACKUP_DIR=.*|BACKUP_DIR=/var/backups/zuofeng-portal|' \
  -e 's|^HOST=.*|HOST=127.0.0.1|' \
  -e 's|^TRUST_PROXY=.*|TRUST_PROXY=127.0.0.1|' \
  -e 's|^SEED_DEMO=.*|SEED_DEMO=false|' \
  -e "s|^PUBLIC_BASE_URL=.*|PUBLIC_BASE_URL=https://$DOMAIN|" \
  -e "s|^SECRET_KEY=.*|SECRET_KEY=$KEY|" \
  "$HERE/.env.example"

#!/bin/sh
# Sets up a bare Debian 12 or 13 server for the portal, from the checkout in /srv/zuofeng-portal
# (scripts/deploy/README.md). Every step can run again: what is there already is kept (above all
# .env and its SECRET_KEY).
# Usage: sudo sh /srv/zuofeng-portal/scripts/deploy/install.sh zfzg.example.edu.cn you@example.edu.cn
# DRY_RUN=1 prints the commands without running them (tests/unit/deploy-guide.test.ts reads them).
set -eu

DOMAIN=${1:?usage: sudo sh scripts/deploy/install.sh <domain> <e-mail for the certificate>}
EMAIL=${2:?usage: sudo sh scripts/deploy/install.sh <domain> <e-mail for the certificate>}
CODE=/srv/zuofeng-portal
DEPLOY=$CODE/scripts/deploy

run() {
  echo "+ $*"
  if [ "${DRY_RUN:-0}" != 1 ]; then "$@"; fi
}

if [ "${DRY_RUN:-0}" != 1 ] && [ "$(dirname "$(dirname "$(cd "$(dirname "$0")" && pwd)")")" != "$CODE" ]; then
  echo "clone the portal to $CODE first (see scripts/deploy/README.md)" >&2
  exit 1
fi

# 1. Packages: Node.js and npm (run.mjs fetches Node 24 by itself), nginx with brotli, certbot.
run apt-get update
run apt-get install -y git nodejs npm sqlite3 nginx libnginx-mod-http-brotli-static certbot

# 2. The service user owns the checkout (its home) and the backups; systemd makes /var/lib/zuofeng-portal.
if ! id portal >/dev/null 2>&1; then run adduser --system --group --home "$CODE" --no-create-home portal; fi
run chown -R portal:portal "$CODE"
run install -d -o portal -g portal -m 0750 /var/backups/zuofeng-portal

# 3. Configuration: .env from .env.example with a new SECRET_KEY, only the first time.
if [ ! -f "$CODE/.env" ]; then
  run sudo -u portal -H sh -c "cd $CODE && sh scripts/deploy/make-env.sh $DOMAIN > .env && chmod 600 .env"
fi

# 4. The service and the nightly backup.
run cp "$DEPLOY/systemd/zuofeng-portal.service" "$DEPLOY/systemd/zuofeng-portal-backup.service" "$DEPLOY/systemd/zuofeng-portal-backup.timer" /etc/systemd/system/
run systemctl daemon-reload
run systemctl enable --now zuofeng-portal.service zuofeng-portal-backup.timer

# 5. nginx: plain HTTP first (for the certificate), then HTTPS.
run install -d /var/www/letsencrypt
run cp "$DEPLOY/nginx/zuofeng-portal-headers.conf" "$DEPLOY/nginx/zuofeng-portal-search-headers.conf" "$DEPLOY/nginx/zuofeng-portal-proxy.conf" /etc/nginx/snippets/
run sh -c "sed 's/zfzg.example.edu.cn/$DOMAIN/g' $DEPLOY/nginx/zuofeng-portal-http.conf > /etc/nginx/sites-available/zuofeng-portal-http"
run sh -c "sed 's/zfzg.example.edu.cn/$DOMAIN/g' $DEPLOY/nginx/zuofeng-portal.conf > /etc/nginx/sites-available/zuofeng-portal"
run rm -f /etc/nginx/sites-enabled/default
run ln -sf /etc/nginx/sites-available/zuofeng-portal-http /etc/nginx/sites-enabled/zuofeng-portal-http
run nginx -t
run systemctl reload nginx
run certbot certonly --webroot -w /var/www/letsencrypt -d "$DOMAIN" --email "$EMAIL" --agree-tos --non-interactive --deploy-hook "systemctl reload nginx"
run ln -sf /etc/nginx/sites-available/zuofeng-portal /etc/nginx/sites-enabled/zuofeng-portal
run nginx -t
run systemctl reload nginx

echo "done: edit $CODE/.env (bureau, SMTP), then follow scripts/deploy/README.md from step 3"

#!/bin/bash
# spgate health check: exit 0 when spgate answers its Status endpoint with 200, else 1.
# Needs only bash (its /dev/tcp), so it runs in a slim JRE image and on any host.
#
#   packaging/healthcheck.sh [HOST [PORT [HANDLER_PATH]]]   default 127.0.0.1 8080 /Shibboleth.sso
set -u
host=${1:-127.0.0.1}
port=${2:-8080}
handler=${3:-/Shibboleth.sso}
exec 3<>"/dev/tcp/$host/$port" || exit 1
printf 'GET %s/Status HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$handler" "$host" >&3
read -r -t 5 status <&3 || exit 1
case $status in
  'HTTP/1.'[01]' 200'*) exit 0 ;;
  *) exit 1 ;;
esac

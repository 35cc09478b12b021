#!/usr/bin/env bash
# Starts the Rasa server, the action server and the web app, prints their URLs, and stops all
# three on Ctrl-C (or when any one of them exits).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
mkdir -p var/logs

pids=()
stop() {
    trap - INT TERM EXIT
    echo
    echo "stopping Phuean..."
    for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
    wait 2>/dev/null
    exit 0
}
trap stop INT TERM EXIT

start() {  # name command: in its own process group, output to var/logs/<name>.log and the terminal
    local name=$1 command=$2
    setsid bash -c "source scripts/services.sh; $command 2>&1 | tee var/logs/$name.log | sed -u 's/^/[$name] /'" &
    pids+=($!)
}

wait_for() {  # url seconds
    local deadline=$((SECONDS + $2))
    until curl -fsS -o /dev/null "$1" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || { echo "run: $1 did not come up; see var/logs/" >&2; return 1; }
        sleep 1
    done
}

start actions action_server_cmd
start web web_app_cmd
start rasa rasa_server_cmd

wait_for "http://$PHUEAN_HOST:$ACTION_PORT/health" 120 &&
wait_for "http://$PHUEAN_HOST:$PHUEAN_WEB_PORT/healthz" 60 &&
wait_for "http://$PHUEAN_HOST:$RASA_PORT/status" 300 || stop

cat <<TXT

Phuean is running:
  web chat      http://$PHUEAN_HOST:$PHUEAN_WEB_PORT/
  console       http://$PHUEAN_HOST:$PHUEAN_WEB_PORT/console/  (accounts: .venv/bin/python -m bot.cli users add NAME --role caseworker --teams km)
  Rasa server   http://$PHUEAN_HOST:$RASA_PORT/  (REST: /webhooks/rest/webhook, socket.io, /model/parse)
  actions       http://$PHUEAN_HOST:$ACTION_PORT/health
  Telegram      $([ -n "${TELEGRAM_TOKEN:-}" ] && echo "on ($TELEGRAM_MODE): /webhooks/telegram/webhook" || echo "off (set TELEGRAM_TOKEN, see docs/telegram.md)")
Press Ctrl-C to stop.

TXT
wait -n
stop

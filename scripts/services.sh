# Sourced by run.sh: the three services' commands and the defaults of docs/design.md.
export PHUEAN_HOST=${PHUEAN_HOST:-127.0.0.1}
export RASA_PORT=${RASA_PORT:-5005}
export ACTION_PORT=${ACTION_PORT:-5055}
export PHUEAN_WEB_PORT=${PHUEAN_WEB_PORT:-8080}
export PHUEAN_DB_URL=${PHUEAN_DB_URL:-sqlite:///var/phuean.db}
export SANIC_HOST=$PHUEAN_HOST
export PYTHONPATH=${PYTHONPATH:-$PWD}
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
# The Telegram channel joins when TELEGRAM_TOKEN is set (docs/telegram.md).
if [ -n "${TELEGRAM_TOKEN:-}" ]; then
    export TELEGRAM_WEBHOOK_SECRET=${TELEGRAM_WEBHOOK_SECRET:-}
    export TELEGRAM_MODE=${TELEGRAM_MODE:-webhook}
    CREDENTIALS=${PHUEAN_CREDENTIALS:-credentials.telegram.yml}
else
    CREDENTIALS=${PHUEAN_CREDENTIALS:-credentials.yml}
fi
VENV=${PHUEAN_VENV:-.venv}
MODEL=${PHUEAN_MODEL:-var/models/phuean.tar.gz}

rasa_server_cmd() {
    "$VENV/bin/rasa" run --enable-api --interface "$PHUEAN_HOST" --port "$RASA_PORT" \
        --model "$MODEL" --endpoints endpoints.yml --credentials "$CREDENTIALS" --cors "*"
}
action_server_cmd() { "$VENV/bin/rasa" run actions --port "$ACTION_PORT" --actions bot.actions; }
web_app_cmd() { "$VENV/bin/python" -m bot.web; }

# Sourced by run.sh: the three services' commands and the defaults of docs/design.md.
export PHUEAN_HOST=${PHUEAN_HOST:-127.0.0.1}
export RASA_PORT=${RASA_PORT:-5005}
export ACTION_PORT=${ACTION_PORT:-5055}
export PHUEAN_WEB_PORT=${PHUEAN_WEB_PORT:-8080}
export PHUEAN_DB_URL=${PHUEAN_DB_URL:-sqlite:///var/phuean.db}
export SANIC_HOST=$PHUEAN_HOST
export PYTHONPATH=${PYTHONPATH:-$PWD}
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
VENV=${PHUEAN_VENV:-.venv}
MODEL=${PHUEAN_MODEL:-var/models/phuean.tar.gz}

rasa_server_cmd() {
    "$VENV/bin/rasa" run --enable-api --interface "$PHUEAN_HOST" --port "$RASA_PORT" \
        --model "$MODEL" --endpoints endpoints.yml --credentials credentials.yml --cors "*"
}
action_server_cmd() { "$VENV/bin/rasa" run actions --port "$ACTION_PORT" --actions bot.actions; }
web_app_cmd() { "$VENV/bin/python" -m bot.web; }

# The two commands of the README: `make run` and `make test`. Both bootstrap first (installs only
# what is missing) and train only when training data, config or NLU code changed.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
MODEL := var/models/phuean.tar.gz
TRAIN_INPUTS := config.yml domain.yml $(shell find data bot/nlu -type f \( -name '*.yml' -o -name '*.py' \) 2>/dev/null)
export PYTHONPATH := $(CURDIR)
export PYTHONUNBUFFERED := 1
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: run test bootstrap train lint types validate pytest conversations constraints

run: bootstrap $(MODEL)
	@scripts/run.sh

test: bootstrap $(MODEL) lint types validate pytest conversations
	@echo "make test: all checks passed"

bootstrap:
	@scripts/bootstrap.sh

train: bootstrap $(MODEL)

$(MODEL): $(TRAIN_INPUTS) | bootstrap
	$(BIN)/rasa train --config config.yml --domain domain.yml --data data \
		--out var/models --fixed-model-name phuean --quiet
	@touch $@

lint: bootstrap
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: bootstrap
	$(BIN)/mypy

validate: bootstrap
	$(BIN)/rasa data validate --config config.yml --domain domain.yml --data data --fail-on-warnings
	$(BIN)/python -m bot.i18n.check
	$(BIN)/python -m bot.cli kb check

pytest: bootstrap $(MODEL)
	$(BIN)/pytest

conversations: bootstrap $(MODEL)
	$(BIN)/rasa test core --model $(MODEL) --stories tests/conversations \
		--fail-on-prediction-errors --out var/results/conversations

# Regenerates the exact pins after requirements.txt changed.
constraints: bootstrap
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip freeze --exclude-editable > constraints.txt

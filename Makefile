# IMDinett — every set-up step lives here, so a fresh machine needs only `make run` or `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
UV_VERSION := 0.13.9
PORT ?= 8000
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run kode test lint check-migrations check-deploy worker beat bench bench-forslag load clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: $(BIN)/uv pyproject.toml uv.lock
	$(UV) sync --locked --inexact --quiet
	touch $@

# The demo data: `seed_demo` (utvikling/demo.py) calls each app's demo.py in order; `api_demo_klient` registers
# the demo's API clients with keys in var/api-demo/ and prints how they get a token (README «Integrasjoner»).
run: $(VENV)/.synced
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_referansedata
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py api_demo_klient
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The demo users' current one-time code (two-factor login), e.g. `make kode BRUKER=imdi`.
kode: $(VENV)/.synced
	$(BIN)/python manage.py totp_kode $(BRUKER)

test: $(VENV)/.synced
	$(BIN)/pytest

lint: $(VENV)/.synced
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-migrations: $(VENV)/.synced
	$(BIN)/python manage.py makemigrations --check --dry-run

# Production settings: debug off, a secret and a host set; must print no warnings.
check-deploy: $(VENV)/.synced
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=ci-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
	DJANGO_ALLOWED_HOSTS=imdinett.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

worker: $(VENV)/.synced
	$(BIN)/celery -A imdinett worker --loglevel=info

beat: $(VENV)/.synced
	$(BIN)/celery -A imdinett beat --loglevel=info

# Fordelingsforslag (issues #9, #21): the optimiser against a greedy baseline on synthetic national data
# (357 kommuner, 1,000 and 3,000 households; then 10,000 with enough places; no database), each run three times
# (the same placements every time); tables on stdout, JSON in var/bench/forslag.json and forslag-10000.json.
# The demo data and benchmark commands live in the development app utvikling/ (utvikling/management/commands).
bench-forslag: $(VENV)/.synced
	$(BIN)/python manage.py bench_forslag --kjoringer 3
	$(BIN)/python manage.py bench_forslag --kjoringer 3 --skala 3 --storrelser 10000 --ut var/bench/forslag-10000.json

# Key pages at national volume (issue #10): a throwaway PostgreSQL and Redis (the cluster kept in var/bench/pg, so a
# second run reuses the seeded data; IMDINETT_BENCH_PG moves it), then `manage.py bench` (utvikling/); a table on stdout, JSON in var/bench/bench.json.
bench: $(VENV)/.synced
	bash .ci/bench

# Load (issue #10): gunicorn with production settings on 127.0.0.1, 50 locust users for 90 s (tests/last/locustfile.py);
# CSV and a summary in var/bench/ (last*.csv, last.json).
load: $(VENV)/.synced
	bash .ci/last

clean:
	rm -rf $(VENV) var/

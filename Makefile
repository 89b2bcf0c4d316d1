# The two commands: `make run` (serve the portal on http://127.0.0.1:8000) and `make test`.
# Both create .venv with the system's python3 and install pinned packages on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev migrate messages seed lint check makemessages vendor clean

run: install migrate messages seed
	@echo ""
	@echo "  Gangnam Global Participation Portal: http://$(HOST):$(PORT)/"
	@echo "  Admin (demo organizer):  http://$(HOST):$(PORT)/ko/admin/"
	@$(MANAGE) shell -v 0 -c "from django.conf import settings as s; print(f'  Login: {s.DEMO_ORGANIZER_EMAIL} / {s.DEMO_ORGANIZER_PASSWORD}')"
	@echo "  Mail is printed on this console (no EMAIL_URL set)."
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

test: install-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) compile_translations
	$(PY) -m ruff check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip==26.3"

# Stamps: re-install only when the pins change, so a second `make run` is fast.
$(VENV)/.installed: $(VENV)/bin/python pyproject.toml constraints.txt
	$(PIP) install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(MANAGE) migrate --noinput

messages: install
	$(MANAGE) compile_translations

seed: install
	$(MANAGE) seed_demo

lint: install-dev
	$(PY) -m ruff check .

# Needs GNU gettext (apt-get install gettext). Refreshes locale/*/LC_MESSAGES/django.po.
makemessages: install
	$(MANAGE) makemessages --no-obsolete --ignore=.venv --ignore=node_modules --ignore=static \
		--ignore=tests --ignore=bench -l ko -l en -l zh_Hans -l ja -l vi

# Needs Node.js: refreshes static/vendor/ from the pinned npm packages (committed).
vendor:
	npm ci
	bash scripts/vendor-krds.sh
	bash scripts/vendor-jquery-ui.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

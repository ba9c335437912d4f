# Two commands set everything up on a fresh machine (Python 3.11, Node 20):
#   make run   - install, build, migrate, create the demo, start web + worker + scheduler
#   make test  - install the test tools and run the whole test suite
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package.json frontend/tsconfig*.json -type f 2>/dev/null)

.PHONY: run test install install-dev frontend lint format bench clean api-types sandbox-tools browser-tools messages

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error

frontend/dist/index.html: $(VENV)/.installed frontend/node_modules/.package-lock.json $(FRONTEND_SOURCES)
	cd frontend && npm run build
	$(PY) -m whitenoise.compress frontend/dist  # .gz and .br beside each file, served as they are

frontend: frontend/dist/index.html

# The sandbox around user code: bubblewrap, slirp4netns (its network), nftables and iproute2.
sandbox-tools:
	@if [ "$${WORKBENCH_SANDBOX:-on}" = off ]; then exit 0; fi; \
	missing=""; for tool in bwrap slirp4netns nft ip setpriv; do \
	  command -v $$tool >/dev/null || [ -x /usr/sbin/$$tool ] || [ -x /sbin/$$tool ] || missing="$$missing $$tool"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing the sandbox's tools (missing:$$missing)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends bubblewrap slirp4netns nftables iproute2 util-linux >/dev/null; \
	  else \
	    echo "missing:$$missing. Install the packages bubblewrap slirp4netns nftables iproute2"; \
	    echo "(or set WORKBENCH_SANDBOX=off to run user code without a sandbox)"; exit 1; \
	  fi; \
	fi

# The browser tests drive Debian's chromium (tests/e2e/conftest.py; CHROMIUM_PATH names another),
# with a Chinese font so that screenshots of the 简体中文 UI can be read.
browser-tools:
	@chromium="$${CHROMIUM_PATH:-/usr/bin/chromium}"; \
	if [ ! -x "$$chromium" ]; then \
	  if [ -z "$${CHROMIUM_PATH:-}" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends chromium >/dev/null; \
	  else \
	    echo "missing: $$chromium, which the browser tests launch. Install it with:"; \
	    echo "  sudo apt-get install chromium"; exit 1; \
	  fi; \
	fi; \
	if command -v fc-list >/dev/null && [ -z "$$(fc-list :lang=zh)" ] && [ "$$(id -u)" = 0 ] \
	  && command -v apt-get >/dev/null; then \
	  echo "installing a Chinese font for the browser tests' screenshots"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends fonts-wqy-microhei >/dev/null; \
	fi

run: install frontend sandbox-tools
	$(PY) manage.py migrate --noinput
	$(PY) manage.py bootstrap
	$(PY) manage.py runall

test: install-dev frontend sandbox-tools browser-tools
	cd frontend && npm run lint && npm test
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist var

# The front end's types of the API, generated from the OpenAPI schema (a test checks they match).
# The API's messages in Chinese: collect the marked texts into the .po (needs GNU gettext), translate
# the new entries, then `make messages` again to compile the .mo that is committed with it.
messages: install
	$(PY) manage.py makemessages -l zh_Hans --no-location --no-obsolete -i ".venv/*" -i "frontend/*" -i "tests/*" -i "benchmarks/*" -i "docs/*"
	msgfmt --check -o locale/zh_Hans/LC_MESSAGES/django.mo locale/zh_Hans/LC_MESSAGES/django.po

api-types: install frontend/node_modules/.package-lock.json
	DATABASE_URL= $(PY) manage.py spectacular --file frontend/openapi.yaml
	cd frontend && npx openapi-typescript openapi.yaml --default-non-nullable=false -o src/api/schema.d.ts && rm openapi.yaml

# The two commands of the Quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONSTRAINTS := constraints.txt
DEMO_DB := .demo/newsweave.db

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e '.[read,web]'
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e '.[read,web,spark,test]'
	touch $@

demo: $(VENV)/.installed
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm && mkdir -p .demo
	$(BIN)/newsweave --db $(DEMO_DB) ingest examples/
	$(BIN)/newsweave --db $(DEMO_DB) articles
	$(BIN)/newsweave --db $(DEMO_DB) search "Putin Pyongyang"
	$(BIN)/newsweave --db $(DEMO_DB) copies
	$(BIN)/newsweave --db $(DEMO_DB) stories
	$(BIN)/newsweave --db $(DEMO_DB) compare examples/000_5b3158c098db9def.txt examples/003_8a82f7cbc04b8b6e.txt
	$(BIN)/newsweave --db $(DEMO_DB) article a60d949cc65651d6
	$(BIN)/newsweave --db $(DEMO_DB) story b9a0560809b0ee3c

test: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) .demo .pytest_cache .ruff_cache

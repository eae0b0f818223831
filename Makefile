# The two commands of the Quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONSTRAINTS := constraints.txt
DEMO_DB := .demo/newsweave.db

.PHONY: demo test lint bench bench-quick bench-docs bench-spark reliability clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e '.[read,web]'
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e '.[read,web,spark,bench,test]'
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

# Every quality and speed figure, with its peers, into bench/results/ and docs/BENCHMARKS.md (about an hour).
bench: $(VENV)/.installed-test
	$(BIN)/python bench/run_all.py --mode full

# A smaller set (10,000 articles, 200 extraction pages) for a check before a change lands; not for the docs.
bench-quick: $(VENV)/.installed-test
	$(BIN)/python bench/run_all.py --mode quick

# Only the figures of docs/RELIABILITY.md: kill -9 trials, fuzzing, hostile files, API load (about 25 minutes).
reliability: $(VENV)/.installed-test
	$(BIN)/python bench/run_all.py --mode full --only crash_trials fuzz_readers hostile_files api_load

# Re-render the tables of docs/BENCHMARKS.md from the committed bench/results/.
bench-docs: $(VENV)/.installed-test
	$(BIN)/python bench/render.py

# The Spark job beside ingest at 10,000 and 100,000 articles (needs Java; about 35 minutes).
bench-spark: $(VENV)/.installed-test
	$(BIN)/python bench/spark_speed.py --articles 10000 --json bench/out/spark_speed_10k.json
	$(BIN)/python bench/spark_speed.py --articles 100000 --json bench/out/spark_speed_100k.json

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) .demo .pytest_cache .ruff_cache

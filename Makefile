# Hurtrock POS. `make run` opens the desktop app on a demo store; `make test` runs every test
# (it is what CI's .ci/run calls). Both install what they need first.

CARGO ?= cargo
DEMO_DB ?= $(HOME)/.local/share/id.hurtrock.pos/demo.db

.PHONY: sync-server shop bench-sync bench-reports deps ui run web test test-rust test-ui e2e smoke lint bindings bench startup bundle clean-demo

deps:
	scripts/install-deps.sh

ui: deps
	cd ui && npm run build

## The desktop app on a demo store (its own database file, seeded on first start).
run: ui
	$(CARGO) run -p hurtrock-pos -- --db "$(DEMO_DB)" --demo-history

## The same app in a browser at http://127.0.0.1:8080 (development, demos).
web: ui
	$(CARGO) run -p pos-web -- --db "$(DEMO_DB)" --demo-history --port 8080

## Every test: formatting and lints, Rust unit/integration/property tests, UI type check and
## vitest, Playwright end to end through pos-web, and the real desktop window under Xvfb.
test: ui lint test-rust test-ui e2e smoke

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# nextest when the machine has it (one summary line), else cargo's own runner. The sync server's
# tests need PostgreSQL: scripts/with-postgres.sh starts a throw-away cluster of the run's own
# (unless PGHOST already points at one) and deletes it afterwards.
PG_RUN := $(CURDIR)/scripts/with-postgres.sh
test-rust:
	if $(CARGO) nextest --version >/dev/null 2>&1; then $(PG_RUN) $(CARGO) nextest run --workspace --no-fail-fast; \
	else $(PG_RUN) $(CARGO) test --workspace; fi

test-ui:
	cd ui && npm run check && npm test

# The sync, warehouse and shop runs start the real pos-sync-server on a throw-away PostgreSQL
# cluster. Both binaries are built here (nothing to do when test-rust left them fresh; a stale one
# would test yesterday's code).
e2e:
	$(CARGO) build -p pos-web -p pos-host --bin pos-web --bin pos-sync-server
	cd ui && $(PG_RUN) npm run e2e

smoke:
	scripts/desktop-smoke.sh target/debug/hurtrock-pos

## Regenerate the UI's TypeScript types from the Rust command list (commit the result).
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -p pos-api --test bindings

bench:
	$(CARGO) bench -p pos-core --bench catalogue

## The owner's dashboard and reports on a generated year (1 000 000 sale lines, 100 000 products,
## 3 branches; generated once under target/bench-data/).
bench-reports:
	$(CARGO) bench -p pos-core --bench reports

## Sync speed on loopback with a throw-away PostgreSQL: push 10 000 sales, pull 100 000 changes,
## 200 terminals at once (figures in BENCHMARKS.md).
bench-sync:
	$(PG_RUN) $(CARGO) bench -p pos-server --bench sync

## The online shop and the sync endpoint (one process) at http://127.0.0.1:8787.
shop: sync-server

## The sync server at http://127.0.0.1:8787, on a throw-away PostgreSQL (with-postgres.sh) unless
## HURTROCK_SYNC_DATABASE_URL points at a real one.
sync-server:
	$(if $(HURTROCK_SYNC_DATABASE_URL),,$(PG_RUN)) $(CARGO) run --release -p pos-host --bin pos-sync-server

## Release build: start to first interactive screen, and idle memory, of the real window.
startup: ui
	$(CARGO) build --release -p hurtrock-pos
	scripts/desktop-smoke.sh target/release/hurtrock-pos

## Installable packages (.deb, .rpm) under target/release/bundle.
bundle: ui
	cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb,rpm

clean-demo:
	rm -f "$(DEMO_DB)" "$(DEMO_DB)"-wal "$(DEMO_DB)"-shm

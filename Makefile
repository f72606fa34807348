# The commands README.md names. Each installs the Debian packages it needs when missing.
SWIFT ?= swift
# System libraries the package links (through pkg-config) and tools the tests use.
PACKAGES := pkg-config python3 libsqlite3-dev libcurl4-openssl-dev libqrencode-dev git

.PHONY: deps build test run schema lint bench clean-bench

deps:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		if [ "$$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

# The test command of README.md and .ci/run.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The demo: the repository root is itself a configuration using the simulator transport.
# The state goes to a temporary file so the demo never leaves a database in the checkout.
run: build
	$(SWIFT) run engine validate .
	$(SWIFT) run engine test .
	rm -f "$${TMPDIR:-/tmp}/engine-demo-state.db"*
	@echo "== dashboard: http://127.0.0.1:8080/  (simulate a contact: curl -X POST localhost:8080/simulator/inbound -d '{\"sender\": \"support\", \"from\": \"+15550109001\", \"text\": \"hi\"}')"
	$(SWIFT) run engine run --state "$${TMPDIR:-/tmp}/engine-demo-state.db" .

# Regenerate the JSON Schema the demo files point editors at.
schema: build
	$(SWIFT) run engine schema > engine.schema.json

lint:
	$(SWIFT) format lint --recursive --strict Sources Tests

bench:
	bash bench/validate.sh
	bash bench/apply.sh
	bash bench/csv-reader.sh
	bash bench/cloud-api.sh

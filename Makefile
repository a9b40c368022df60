# wu_hosting: build, test, demo and install the PHP extension.
# `make demo` and `make test` install the Debian packages they need (as root) when missing.

PHP        ?= php
EXT        := $(CURDIR)/target/release/libwu_hosting.so
PANEL      := $(CURDIR)/target/release/fake-panel
EXT_DIR     = $(shell php-config --extension-dir)
INI_DIR    ?= /etc/php/8.2/mods-available

.PHONY: all deps build test test-rust test-php bench bench-sync bench-readiness demo install uninstall stubs fmt lint clean

all: build

deps:
	@scripts/deps.sh

build: deps
	cargo build --release --workspace

test: build test-rust test-php

test-rust:
	cargo test --release --workspace

test-php: build
	scripts/with-panel.sh $(PHP) -d extension=$(EXT) -d pcntl.async_signals=0 /usr/bin/phpunit -c tests/php/phpunit.xml

# Figures, not pass/fail: the sync benchmark (bench/run_sync.php) and the readiness
# benchmark. See BENCHMARKS.md.
bench: bench-sync bench-readiness

# Bulk sync against fake-panel over HTTPS on loopback: the PHP way, curl_multi and
# the extension, with 0 and 30 ms of panel latency, for 1,000 and 10,000 domains.
bench-sync: build
	@scripts/deps.sh wrk
	$(PHP) bench/run_sync.php

# Readiness checks beside plain PHP, on loopback fixtures in a private network
# namespace (needs root); prints both times and the ratio.
bench-readiness: build
	PHP=$(PHP) bench/readiness.sh

demo: build
	scripts/with-panel.sh sh -c '$(PHP) -d extension=$(EXT) -d wu_hosting.ca_file="$$WU_HOSTING_CA_FILE" examples/demo.php'

install: build
	install -m 0755 $(EXT) $(EXT_DIR)/wu_hosting.so
	printf '; priority=20\nextension=wu_hosting.so\n' > $(INI_DIR)/wu_hosting.ini
	phpenmod wu_hosting
	@echo "Installed; check with: php --ri wu_hosting"

uninstall:
	-phpdismod wu_hosting
	rm -f $(INI_DIR)/wu_hosting.ini $(EXT_DIR)/wu_hosting.so

fmt:
	cargo fmt --all

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

clean:
	cargo clean

# wu_hosting: build, test, demo and install the PHP extension.
# `make demo` and `make test` install the Debian packages they need (as root) when missing.

PHP        ?= php
EXT        := $(CURDIR)/target/release/libwu_hosting.so
PANEL      := $(CURDIR)/target/release/fake-panel
EXT_DIR     = $(shell php-config --extension-dir)
INI_DIR    ?= /etc/php/8.2/mods-available

.PHONY: all deps build test test-rust test-fuzz fuzz test-php test-phpize test-wordpress bench bench-sync bench-footprint bench-readiness bench-faults bench-status bench-soak demo install uninstall stubs fmt lint clean

all: build

deps:
	@scripts/deps.sh

build: deps
	cargo build --release --workspace

test: build test-rust test-fuzz test-php test-phpize test-wordpress

test-rust:
	cargo test --release --workspace

# The fuzz targets (fuzz/, libFuzzer on the stable toolchain; see scripts/fuzz.sh):
# `make test` runs each for FUZZ_TEST_RUNS inputs from a fixed seed (the same on
# every machine) over its seeds and regressions, `make fuzz` for
# FUZZ_SECONDS each, one after the other.
FUZZ_TEST_RUNS    ?= 20000
FUZZ_SECONDS      ?= 180

test-fuzz:
	scripts/fuzz.sh --runs $(FUZZ_TEST_RUNS)

fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)

test-php: build
	scripts/with-panel.sh $(PHP) -d extension=$(EXT) -d pcntl.async_signals=0 /usr/bin/phpunit -c tests/php/phpunit.xml

# The phpize build (config.m4, as PIE runs it) in a temporary copy of the tree:
# phpize, configure, make, make install into a scratch INSTALL_ROOT, then a bare
# `php -n` loads the result. cargo reuses target/ (the build above), so this takes
# seconds; WU_PHPIZE_FRESH=1 makes it a full build into an empty target directory.
test-phpize: build
	PHP=$(PHP) tests/build/phpize.sh

# The WordPress suite (tests/wordpress), against a WordPress multisite network on a
# MariaDB server that scripts/with-wordpress.sh makes afresh for each run: once with
# the extension loaded, once without it and with PHP's FFI, as the plugin then
# calls the library. When the extension is installed into PHP (make install), the
# FFI run starts PHP without php.ini (-n) and with the Debian extensions WordPress,
# Ultimate Multisite (bcmath, intl) and PHPUnit use, so that the extension really is absent.
WP_PHP_EXTS := mysqlnd pdo xml bcmath ctype curl dom exif ffi fileinfo gd iconv intl mbstring \
               mysqli pdo_mysql phar posix simplexml sockets tokenizer xmlreader xmlwriter
PHP_FFI      = $(PHP) $(if $(shell $(PHP) -m 2>/dev/null | grep -x wu_hosting),-n $(addprefix -d extension=,$(WP_PHP_EXTS))) -d ffi.enable=1
WITH_WP     := scripts/with-panel.sh scripts/with-wordpress.sh

test-wordpress: build
	@scripts/deps.sh --wordpress
	$(WITH_WP) env WU_HOSTING_MODE=extension $(PHP) -d extension=$(EXT) /usr/bin/phpunit -c tests/wordpress/phpunit.xml
	$(WITH_WP) env WU_HOSTING_MODE=ffi $(PHP_FFI) /usr/bin/phpunit -c tests/wordpress/phpunit.xml

# Figures, not pass/fail: the sync benchmark (bench/run_sync.php), the readiness
# benchmark, the sync under faults, the status page at 5,000 domains and the soak
# runs. See BENCHMARKS.md.
bench: bench-footprint bench-sync bench-readiness bench-faults bench-status bench-soak

# Bulk sync against fake-panel over HTTPS on loopback: the PHP way, curl_multi and
# the extension, with 0 and 30 ms of panel latency, for 1,000 and 10,000 domains.
bench-sync: build
	@scripts/deps.sh wrk
	$(PHP) bench/run_sync.php

# One sync of 10,000 names and a prune under random, seeded faults on about 10% of
# requests, on Enhance and Closte: what was lost or misreported (0 is the goal).
bench-faults: build
	$(PHP) -d extension=$(EXT) bench/faults.php 10000

# Idle footprint: resident memory of a `php` without and with the extension loaded
# (median of 15 runs each), the extension's own resident pages, the .so's size.
bench-footprint: build
	$(PHP) bench/idle.php 15 $(EXT)

# Readiness checks beside plain PHP, on loopback fixtures in a private network
# namespace (needs root); prints both times and the ratio.
bench-readiness: build
	PHP=$(PHP) bench/readiness.sh

# The status page with 5,000 mapped domains on the WordPress test network: the
# background refresh (fake-panel listed once, loopback DNS and TLS checks) and the
# page, built and served.
bench-status: build
	@scripts/deps.sh --wordpress
	$(WITH_WP) $(PHP) -d extension=$(EXT) bench/status_page.php 5000

# Soak: resident memory over 100,000 mixed calls in one PHP process, and a real
# php-fpm pool of 8 workers (php8.2-fpm, installed by scripts/deps.sh) serving
# 8 × 1,000 requests: errors, requests/s, panel connections per worker.
bench-soak: build
	@scripts/deps.sh php8.2-fpm
	$(PHP) -d extension=$(EXT) bench/soak_memory.php 100000
	$(PHP) bench/soak_fpm.php 8 1000

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

# The PHP files made from the core's table of native functions: the stub file
# and the FFI-mode wrappers (a core test fails when the committed ones differ).
stubs:
	cargo run --release -p wu_hosting_core --bin wu_hosting_stubs -- $(CURDIR)

fmt:
	cargo fmt --all

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cd fuzz && cargo fmt --check && cargo clippy --all-targets -- -D warnings

clean:
	cargo clean

# Rules of the phpize build (config.m4): cargo builds the extension and the library
# is copied to modules/wu_hosting.so, which install-modules installs.
#
# `make` runs cargo every time (cargo itself knows what is out of date).
# `make install` does not when modules/wu_hosting.so is already there: PIE runs it
# with sudo when the extension directory is not writable, and root may have no
# cargo (rustup installs per user) nor the builder's CARGO_TARGET_DIR.
# CARGO_TARGET_DIR, when set, is where cargo builds; a relative one is taken from
# the source directory, as cargo does.

# What cargo builds: the extension's library. (tests/build/phpize.sh asks for the
# workspace's libraries, so that cargo resolves features as `make build` does and
# finds that build up to date.)
WU_HOSTING_CARGO_FLAGS = --lib -p wu_hosting

$(phplibdir)/wu_hosting.so: wu-hosting-cargo-build
	@true

wu-hosting-cargo-build:
	@case " $(MAKECMDGOALS) " in *" install "*) \
	  if test -f "$(phplibdir)/wu_hosting.so"; then \
	    echo "Installing the wu_hosting.so built by make (run make to rebuild it)"; exit 0; \
	  fi ;; \
	esac; \
	echo "cd $(srcdir) && $(WU_HOSTING_CARGO_ENV) $(WU_HOSTING_CARGO) build --release --locked $(WU_HOSTING_CARGO_FLAGS)"; \
	(cd "$(srcdir)" && $(WU_HOSTING_CARGO_ENV) "$(WU_HOSTING_CARGO)" build --release --locked $(WU_HOSTING_CARGO_FLAGS)) || exit 1; \
	target="$${CARGO_TARGET_DIR:-target}"; \
	case "$$target" in /*) ;; *) target="$(srcdir)/$$target" ;; esac; \
	echo "Copying $$target/release/libwu_hosting.so to $(phplibdir)/wu_hosting.so"; \
	$(mkinstalldirs) "$(phplibdir)" && cp "$$target/release/libwu_hosting.so" "$(phplibdir)/wu_hosting.so"

.PHONY: wu-hosting-cargo-build

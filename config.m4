dnl config.m4 for wu_hosting: the extension is a Rust crate, built by cargo.
dnl
dnl   phpize && ./configure --enable-wu_hosting && make && make install
dnl
dnl configure checks for cargo; `make` runs `cargo build --release` (see
dnl Makefile.frag) and copies the library to modules/wu_hosting.so, which
dnl `make install` installs into PHP's extension directory like any other
dnl extension (INSTALL_ROOT is honoured). PHP_NEW_EXTENSION is not used: there
dnl is no C source to compile and link with libtool.
dnl
dnl Note: configure writes its own Makefile over the project's Makefile; build
dnl from a release archive or a copy of the tree (PIE does), not a working copy.

PHP_ARG_ENABLE([wu_hosting],
  [whether to enable the wu_hosting extension],
  [AS_HELP_STRING([--enable-wu_hosting],
    [Enable wu_hosting (Enhance and Closte domain sync; built with Rust's cargo)])],
  [no])

PHP_ARG_WITH([cargo],
  [for the cargo program],
  [AS_HELP_STRING([[--with-cargo[=PATH]]],
    [wu_hosting: path to cargo (default: cargo on PATH, then ~/.cargo/bin/cargo)])],
  [yes],
  [no])

if test "$PHP_WU_HOSTING" != "no"; then
  if test "$PHP_CARGO" != "yes" && test "$PHP_CARGO" != "no"; then
    WU_HOSTING_CARGO=$PHP_CARGO
  else
    AC_PATH_PROG([WU_HOSTING_CARGO], [cargo], [], [$PATH:$HOME/.cargo/bin])
  fi
  if test -z "$WU_HOSTING_CARGO" || ! test -x "$WU_HOSTING_CARGO"; then
    AC_MSG_ERROR([cargo was not found. wu_hosting is written in Rust and needs cargo
(a recent stable Rust) to build: install it from https://rustup.rs or your
system's packages, or give its path with --with-cargo=/path/to/cargo])
  fi
  AC_MSG_CHECKING([cargo version])
  wu_hosting_cargo_version=`"$WU_HOSTING_CARGO" --version 2>/dev/null`
  if test -z "$wu_hosting_cargo_version"; then
    AC_MSG_ERROR([$WU_HOSTING_CARGO does not run])
  fi
  AC_MSG_RESULT([$wu_hosting_cargo_version])

  dnl ext-php-rs finds PHP through php-config on PATH. When configure was given
  dnl another one (--with-php-config, as PIE does), cargo is told the same.
  dnl Only then: an environment of its own would make cargo rebuild ext-php-rs.
  WU_HOSTING_CARGO_ENV=
  wu_hosting_path_config=`command -v php-config 2>/dev/null`
  wu_hosting_given_config=`command -v "$PHP_CONFIG" 2>/dev/null`
  if test -n "$wu_hosting_path_config" && test -n "$wu_hosting_given_config"; then
    wu_hosting_path_config=`readlink -f "$wu_hosting_path_config" 2>/dev/null || echo "$wu_hosting_path_config"`
    wu_hosting_given_config=`readlink -f "$wu_hosting_given_config" 2>/dev/null || echo "$wu_hosting_given_config"`
  fi
  if test -z "$wu_hosting_given_config" || test "$wu_hosting_path_config" != "$wu_hosting_given_config"; then
    WU_HOSTING_CARGO_ENV="PHP_CONFIG=$PHP_CONFIG"
    if test -n "$PHP_EXECUTABLE"; then
      WU_HOSTING_CARGO_ENV="$WU_HOSTING_CARGO_ENV PHP=$PHP_EXECUTABLE"
    fi
  fi
  AC_MSG_CHECKING([how cargo finds PHP])
  AC_MSG_RESULT([${WU_HOSTING_CARGO_ENV:-php-config on PATH}])

  PHP_SUBST(WU_HOSTING_CARGO)
  PHP_SUBST(WU_HOSTING_CARGO_ENV)
  PHP_MODULES="$PHP_MODULES \$(phplibdir)/wu_hosting.so"
  PHP_ADD_MAKEFILE_FRAGMENT([$abs_srcdir/Makefile.frag], [$abs_srcdir], [$abs_builddir])
fi

/* wu_hosting: C ABI of the wu_hosting library. */

#ifndef WU_HOSTING_H
#define WU_HOSTING_H

/* Generated from src/ffi.rs by cbindgen at build time; do not edit. */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/**
 * The library version as a NUL-terminated string owned by the library.
 */
const char *wu_hosting_version(void);

#endif  /* WU_HOSTING_H */

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
 * Called by a sync with (done, total) on the calling thread; returning false
 * stops the sync, as a PHP progress callable that throws does.
 */
typedef bool (*wu_hosting_progress_fn)(uint64_t done, uint64_t total);

/**
 * The library version as a NUL-terminated string owned by the library.
 */
const char *wu_hosting_version(void);

/**
 * Releases a string returned by this library; NULL is ignored.
 *
 * # Safety
 * `s` must be NULL or a pointer this library returned and not yet released.
 */
void wu_hosting_free(char *s);

/**
 * What a caller needs to know before a call, as JSON: `{"constants": [names],
 * "ini": [names], "functions": [names], "max_depth": n}`: the PHP constants and
 * ini values to pass in a request, the functions [`wu_hosting_call`] knows, and
 * how deep arrays may nest before they stand in as `Array`.
 * Release it with [`wu_hosting_free`].
 */
char *wu_hosting_settings(void);

/**
 * Calls the native function `function` (a name such as `wu_enhance_add_domain`)
 * with a JSON request; `progress` (may be NULL) is called by a sync with (done,
 * total). Returns the JSON answer; release it with [`wu_hosting_free`].
 *
 * # Safety
 * `function` and `request` must each be NULL or a NUL-terminated string.
 */
char *wu_hosting_call(const char *function, const char *request, wu_hosting_progress_fn progress);

#endif  /* WU_HOSTING_H */

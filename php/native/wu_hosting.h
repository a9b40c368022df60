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
 * The settings the library reads, as JSON: `{"constants": [names], "ini": [names]}`,
 * so a caller knows which PHP constants and ini values to pass in a request.
 * Release it with [`wu_hosting_free`].
 */
char *wu_hosting_settings(void);

/**
 * `wu_enhance_add_domain(string $domain, ?array $config = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_enhance_add_domain(const char *request);

/**
 * `wu_enhance_remove_domain(string $domain, ?array $config = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_enhance_remove_domain(const char *request);

/**
 * `wu_enhance_add_subdomain(string $subdomain, ?array $config = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_enhance_add_subdomain(const char *request);

/**
 * `wu_enhance_remove_subdomain(string $subdomain, ?array $config = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_enhance_remove_subdomain(const char *request);

/**
 * `wu_enhance_list_domains(?array $config = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_enhance_list_domains(const char *request);

/**
 * `wu_enhance_test_connection(?array $config = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_enhance_test_connection(const char *request);

/**
 * `wu_enhance_discover(?array $config = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_enhance_discover(const char *request);

/**
 * `wu_enhance_domain_status(string $domain, ?array $config = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_enhance_domain_status(const char *request);

/**
 * `wu_enhance_issue_ssl(string $domain, ?array $config = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_enhance_issue_ssl(const char *request);

/**
 * `wu_dns_check(string $domain, array $expect = [], ?array $options = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_dns_check(const char *request);

/**
 * `wu_dns_check_many(array $domains, array $expect = [], ?array $options = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_dns_check_many(const char *request);

/**
 * `wu_ssl_check(string $domain, ?array $options = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_ssl_check(const char *request);

/**
 * `wu_ssl_check_many(array $domains, ?array $options = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_ssl_check_many(const char *request);

/**
 * `wu_closte_add_domain(string $domain, ?array $config = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_closte_add_domain(const char *request);

/**
 * `wu_closte_remove_domain(string $domain, ?array $config = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_closte_remove_domain(const char *request);

/**
 * `wu_closte_list_domains(?array $config = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_closte_list_domains(const char *request);

/**
 * `wu_closte_test_connection(?array $config = null): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_closte_test_connection(const char *request);

/**
 * `wu_closte_detect(): bool`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_closte_detect(const char *request);

/**
 * `wu_enhance_sync(array $domains, ?array $options = null, ?array $config = null): array`;
 * `progress` (may be NULL) is called with (done, total).
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_enhance_sync(const char *request, wu_hosting_progress_fn progress);

/**
 * `wu_closte_sync(array $domains, ?array $options = null, ?array $config = null): array`;
 * `progress` (may be NULL) is called with (done, total).
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_closte_sync(const char *request, wu_hosting_progress_fn progress);

/**
 * `wu_hosting_write_constants(string $path, array $constants): array`
 *
 * # Safety
 * `request` must be NULL or a NUL-terminated string.
 */
char *wu_hosting_write_constants(const char *request);

#endif  /* WU_HOSTING_H */

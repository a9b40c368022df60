<?php
/**
 * The wu_hosting functions and exception classes over the library's C ABI,
 * through PHP's FFI, for hosts without the wu_hosting extension. Same
 * signatures, same answers, same exceptions as the extension (see
 * php/stubs/wu_hosting.stub.php). Nothing is defined when the extension is
 * loaded, or when FFI cannot be used; wu_hosting_native_mode() says which case
 * holds and WuHosting\Native\Ffi_Library::unavailable_reason() why FFI cannot.
 *
 * Settings: ffi.enable=1 (the default 'preload' allows FFI on the command line
 * only), and the library file: the WU_HOSTING_FFI_LIBRARY constant or
 * environment variable, else wu_hosting.so in PHP's extension directory.
 *
 * Made from the table of native functions (core/src/functions/) by
 * `make stubs`; do not edit.
 *
 * @package WuHosting
 */

declare(strict_types=1);

namespace WuHosting\Native {
	require_once __DIR__ . '/class-ffi-library.php';
}

namespace WuHosting {
	if (!extension_loaded('wu_hosting') && \WuHosting\Native\Ffi_Library::precondition_failure() === null) {
		if (!class_exists(Exception::class, false)) {
			/** Base of every exception the functions throw. */
			class Exception extends \RuntimeException {}
		}
		if (!class_exists(ConfigException::class, false)) {
			/** A setting is missing or wrong; nothing was sent. */
			class ConfigException extends Exception {}
		}
		if (!class_exists(InvalidDomainException::class, false)) {
			/** A domain name was rejected; nothing was sent. */
			class InvalidDomainException extends Exception {}
		}
		if (!class_exists(AuthException::class, false)) {
			/** The panel refused the token (HTTP 401/403). */
			class AuthException extends Exception {}
		}
		if (!class_exists(NetworkException::class, false)) {
			/** The panel could not be reached (refused, DNS, TLS, timeout). */
			class NetworkException extends Exception {}
		}
		if (!class_exists(ApiException::class, false)) {
			/** The panel answered with an error; getCode() is the HTTP status. */
			class ApiException extends Exception
			{
				/** @var string|null the panel's own error code, e.g. "not_found" */
				public $errorCode = null;
				/** @var string|null the panel's own message, or its plain-text answer */
				public $panelMessage = null;
			}
		}
	}
}

namespace {
	if (!function_exists('wu_hosting_native_mode')) {
		/**
		 * How the wu_* functions are provided: 'extension' (the PHP extension is
		 * loaded), 'ffi' (this file, over the library through FFI) or 'none'.
		 */
		function wu_hosting_native_mode(): string
		{
			if (extension_loaded('wu_hosting')) {
				return 'extension';
			}
			if (function_exists('wu_enhance_add_domain') && \WuHosting\Native\Ffi_Library::unavailable_reason() === null) {
				return 'ffi';
			}
			return 'none';
		}
	}

	if (!extension_loaded('wu_hosting') && \WuHosting\Native\Ffi_Library::precondition_failure() === null) {
		if (!function_exists('wu_enhance_add_domain')) {
			function wu_enhance_add_domain(string $domain, #[\SensitiveParameter] ?array $config = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_enhance_add_domain', [$domain, $config]);
			}
		}

		if (!function_exists('wu_enhance_remove_domain')) {
			function wu_enhance_remove_domain(string $domain, #[\SensitiveParameter] ?array $config = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_enhance_remove_domain', [$domain, $config]);
			}
		}

		if (!function_exists('wu_enhance_add_subdomain')) {
			function wu_enhance_add_subdomain(string $subdomain, #[\SensitiveParameter] ?array $config = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_enhance_add_subdomain', [$subdomain, $config]);
			}
		}

		if (!function_exists('wu_enhance_remove_subdomain')) {
			function wu_enhance_remove_subdomain(string $subdomain, #[\SensitiveParameter] ?array $config = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_enhance_remove_subdomain', [$subdomain, $config]);
			}
		}

		if (!function_exists('wu_enhance_list_domains')) {
			function wu_enhance_list_domains(#[\SensitiveParameter] ?array $config = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_enhance_list_domains', [$config]);
			}
		}

		if (!function_exists('wu_enhance_test_connection')) {
			function wu_enhance_test_connection(#[\SensitiveParameter] ?array $config = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_enhance_test_connection', [$config]);
			}
		}

		if (!function_exists('wu_enhance_discover')) {
			function wu_enhance_discover(#[\SensitiveParameter] ?array $config = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_enhance_discover', [$config]);
			}
		}

		if (!function_exists('wu_enhance_domain_status')) {
			function wu_enhance_domain_status(string $domain, #[\SensitiveParameter] ?array $config = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_enhance_domain_status', [$domain, $config]);
			}
		}

		if (!function_exists('wu_enhance_issue_ssl')) {
			function wu_enhance_issue_ssl(string $domain, #[\SensitiveParameter] ?array $config = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_enhance_issue_ssl', [$domain, $config]);
			}
		}

		if (!function_exists('wu_enhance_is_configured')) {
			function wu_enhance_is_configured(#[\SensitiveParameter] ?array $config = null): bool
			{
				return \WuHosting\Native\Ffi_Library::call('wu_enhance_is_configured', [$config]);
			}
		}

		if (!function_exists('wu_dns_check')) {
			function wu_dns_check(string $domain, array $expect = [], ?array $options = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_dns_check', [$domain, $expect, $options]);
			}
		}

		if (!function_exists('wu_dns_check_many')) {
			function wu_dns_check_many(array $domains, array $expect = [], ?array $options = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_dns_check_many', [$domains, $expect, $options]);
			}
		}

		if (!function_exists('wu_ssl_check')) {
			function wu_ssl_check(string $domain, ?array $options = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_ssl_check', [$domain, $options]);
			}
		}

		if (!function_exists('wu_ssl_check_many')) {
			function wu_ssl_check_many(array $domains, ?array $options = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_ssl_check_many', [$domains, $options]);
			}
		}

		if (!function_exists('wu_closte_add_domain')) {
			function wu_closte_add_domain(string $domain, #[\SensitiveParameter] ?array $config = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_closte_add_domain', [$domain, $config]);
			}
		}

		if (!function_exists('wu_closte_remove_domain')) {
			function wu_closte_remove_domain(string $domain, #[\SensitiveParameter] ?array $config = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_closte_remove_domain', [$domain, $config]);
			}
		}

		if (!function_exists('wu_closte_list_domains')) {
			function wu_closte_list_domains(#[\SensitiveParameter] ?array $config = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_closte_list_domains', [$config]);
			}
		}

		if (!function_exists('wu_closte_test_connection')) {
			function wu_closte_test_connection(#[\SensitiveParameter] ?array $config = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_closte_test_connection', [$config]);
			}
		}

		if (!function_exists('wu_closte_detect')) {
			function wu_closte_detect(): bool
			{
				return \WuHosting\Native\Ffi_Library::call('wu_closte_detect', []);
			}
		}

		if (!function_exists('wu_closte_is_configured')) {
			function wu_closte_is_configured(#[\SensitiveParameter] ?array $config = null): bool
			{
				return \WuHosting\Native\Ffi_Library::call('wu_closte_is_configured', [$config]);
			}
		}

		if (!function_exists('wu_enhance_sync')) {
			function wu_enhance_sync(array $domains, ?array $options = null, #[\SensitiveParameter] ?array $config = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_enhance_sync', [$domains, $options, $config], 1);
			}
		}

		if (!function_exists('wu_closte_sync')) {
			function wu_closte_sync(array $domains, ?array $options = null, #[\SensitiveParameter] ?array $config = null): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_closte_sync', [$domains, $options, $config], 1);
			}
		}

		if (!function_exists('wu_hosting_set_logger')) {
			function wu_hosting_set_logger(mixed $logger = null): void
			{
				\WuHosting\Native\Ffi_Library::set_logger($logger);
			}
		}

		if (!function_exists('wu_hosting_write_constants')) {
			function wu_hosting_write_constants(string $path, #[\SensitiveParameter] array $constants): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_hosting_write_constants', [$path, $constants]);
			}
		}

		if (!function_exists('wu_hosting_is_transient')) {
			function wu_hosting_is_transient(string $exception_class, int $code): bool
			{
				return \WuHosting\Native\Ffi_Library::call('wu_hosting_is_transient', [$exception_class, $code]);
			}
		}

		if (!function_exists('wu_hosting_info')) {
			function wu_hosting_info(): array
			{
				return \WuHosting\Native\Ffi_Library::call('wu_hosting_info', []);
			}
		}

		if (!function_exists('wu_hosting_version')) {
			function wu_hosting_version(): string
			{
				return \WuHosting\Native\Ffi_Library::call('wu_hosting_version', []);
			}
		}
	}
}

<?php
/**
 * Stubs of the wu_hosting extension, for IDEs and static analysis.
 * Made from the table of native functions (core/src/functions/) by `make stubs`;
 * do not edit: tests/php/ExtensionTest.php and the core's tests compare it.
 *
 * Every panel function takes an optional $config array whose keys override the
 * PHP constants and ini settings it reads; wu_hosting_info() lists them. The
 * readiness checks (wu_dns_check*, wu_ssl_check*) take an $options array
 * instead, described with each; wu_hosting.max_concurrency bounds their batches.
 */

namespace WuHosting {
    /** Base of every exception the extension throws. */
    class Exception extends \RuntimeException {}

    /** A setting is missing or wrong; nothing was sent. */
    class ConfigException extends Exception {}

    /** A domain name was rejected; nothing was sent. */
    class InvalidDomainException extends Exception {}

    /** The panel refused the token (HTTP 401/403). */
    class AuthException extends Exception {}

    /** The panel could not be reached (refused, DNS, TLS, timeout). */
    class NetworkException extends Exception {}

    /** The panel answered with an error; getCode() is the HTTP status. */
    class ApiException extends Exception
    {
        /** The panel's own error code, e.g. "not_found". */
        public ?string $errorCode = null;
        /** The panel's own message, or its plain-text answer. */
        public ?string $panelMessage = null;
    }
}

namespace {
    /**
     * Maps a custom domain onto the network's Enhance website as an alias.
     * @return array{domain: string, id: string, created: bool}
     */
    function wu_enhance_add_domain(string $domain, #[\SensitiveParameter] ?array $config = null): array {}

    /**
     * Takes a custom domain off the network's Enhance website.
     * @return array{domain: string, id: ?string, removed: bool}
     */
    function wu_enhance_remove_domain(string $domain, #[\SensitiveParameter] ?array $config = null): array {}

    /**
     * Adds a site's own host (subdomain-mode networks) as an alias, idempotently.
     * @return array{domain: string, id: string, created: bool}
     */
    function wu_enhance_add_subdomain(string $subdomain, #[\SensitiveParameter] ?array $config = null): array {}

    /**
     * Removes a site's own host (subdomain-mode networks).
     * @return array{domain: string, id: ?string, removed: bool}
     */
    function wu_enhance_remove_subdomain(string $subdomain, #[\SensitiveParameter] ?array $config = null): array {}

    /**
     * The network website's domains with their certificates.
     * @return list<array{domain: string, id: string, kind: ?string, document_root: ?string, ssl: ?array{issuer: string, cn: string, sans: list<string>, issued: string, expires: string, force_https: bool, placeholder: bool}}>
     */
    function wu_enhance_list_domains(#[\SensitiveParameter] ?array $config = null): array {}

    /**
     * Reads the website and its domains; changes nothing. `server_ips` are the
     * addresses of the website's server (the panel's `serverIps`), the primary first.
     * @return array{ok: true, org_id: string, website_id: string, website_domain: string, domains: int, server_ips: list<string>}
     */
    function wu_enhance_test_connection(#[\SensitiveParameter] ?array $config = null): array {}

    /**
     * The websites the token reaches that carry the network's domain (and run on
     * the configured server, when one is set): the choices for a setup wizard.
     * @return list<array{org_id: string, org_name: string, website_id: string, domain: string, server_id: ?string}>
     */
    function wu_enhance_discover(#[\SensitiveParameter] ?array $config = null): array {}

    /**
     * Enhance's own view of one domain of the network's website: its DNS status
     * and its certificate (the `ssl` array is the one wu_enhance_list_domains()
     * gives). A domain that is not on the website is an ApiException (404).
     * @return array{domain: string, id: string, dns: 'Resolved'|'ForeignServer'|'Failed'|'Mixed'|'Unknown'|'Error'|string, ssl: ?array{issuer: string, cn: string, sans: list<string>, issued: string, expires: string, force_https: bool, placeholder: bool}, placeholder: bool}
     */
    function wu_enhance_domain_status(string $domain, #[\SensitiveParameter] ?array $config = null): array {}

    /**
     * Asks Enhance for a Let's Encrypt certificate after its preflight. A refusal
     * (preflight says no, or the issue call answers 400/409/422) is issued=false
     * with the panel's reason.
     * @return array{domain: string, issued: bool, reason: ?string}
     */
    function wu_enhance_issue_ssl(string $domain, #[\SensitiveParameter] ?array $config = null): array {}

    /**
     * Whether the Enhance API token and URL are there, in $config or as
     * constants; says nothing of whether they are right (see
     * wu_enhance_test_connection()).
     */
    function wu_enhance_is_configured(#[\SensitiveParameter] ?array $config = null): bool {}

    /**
     * Whether $domain's DNS points at the server: its A and AAAA records (through
     * its CNAME chain) compared with $expect, IP addresses and/or host names.
     * $options: nameservers (list of 'ip' or 'ip:port'; default the system
     * resolver), timeout (seconds per domain, default 5), max_concurrency.
     * reason: 'invalid domain', 'nxdomain', 'no address', 'mismatch', 'mixed',
     * 'timeout', 'dns error'.
     * @param list<string> $expect
     * @return array{domain: string, ok: bool, a: list<string>, aaaa: list<string>, cname: list<string>, matched: ?string, error: ?string, reason: ?string}
     */
    function wu_dns_check(string $domain, array $expect = [], ?array $options = null): array {}

    /**
     * wu_dns_check() for many domains concurrently (at most max_concurrency at a
     * time); one answer per entry, under the same keys, in the same order. A bad
     * entry gives an answer with reason 'invalid domain'.
     * @param array<array-key, string> $domains
     * @param list<string> $expect
     * @return array<array-key, array{domain: string, ok: bool, a: list<string>, aaaa: list<string>, cname: list<string>, matched: ?string, error: ?string, reason: ?string}>
     */
    function wu_dns_check_many(array $domains, array $expect = [], ?array $options = null): array {}

    /**
     * Whether the server presents a valid certificate for $domain (sent as SNI).
     * $options: connect_to ('ip' or 'ip:port', instead of the domain's
     * addresses), port (default 443), ca_file (extra trusted CAs, PEM), timeout
     * (seconds, default 10), nameservers, max_concurrency.
     * reason: 'expired', 'not yet valid', 'host mismatch', 'untrusted issuer',
     * 'self-signed', 'placeholder', 'handshake failed', 'refused', 'timeout',
     * 'unresolved', 'invalid domain'.
     * @return array{domain: string, ok: bool, reason: ?string, issuer: ?string, subject: ?string, sans: list<string>, not_before: ?string, not_after: ?string, days_left: ?int, placeholder: bool, address: ?string, error: ?string}
     */
    function wu_ssl_check(string $domain, ?array $options = null): array {}

    /**
     * wu_ssl_check() for many domains concurrently; one answer per entry, under
     * the same keys, in the same order.
     * @param array<array-key, string> $domains
     * @return array<array-key, array{domain: string, ok: bool, reason: ?string, issuer: ?string, subject: ?string, sans: list<string>, not_before: ?string, not_after: ?string, days_left: ?int, placeholder: bool, address: ?string, error: ?string}>
     */
    function wu_ssl_check_many(array $domains, ?array $options = null): array {}

    /**
     * Adds a domain alias to the Closte app; `*.example.com` wildcards are supported.
     * $config keys: api_key (else CLOSTE_CLIENT_API_KEY), api_url (else
     * WU_CLOSTE_API_URL, default https://app.closte.com/api/client), ca_file,
     * timeout, connect_timeout.
     * @return array{domain: string, wildcard: bool, created: bool}
     */
    function wu_closte_add_domain(string $domain, #[\SensitiveParameter] ?array $config = null): array {}

    /**
     * Removes a domain alias from the Closte app.
     * @return array{domain: string, removed: bool}
     */
    function wu_closte_remove_domain(string $domain, #[\SensitiveParameter] ?array $config = null): array {}

    /**
     * The Closte app's domain aliases.
     * @return list<array{domain: string, wildcard: bool}>
     */
    function wu_closte_list_domains(#[\SensitiveParameter] ?array $config = null): array {}

    /**
     * Reads the aliases; changes nothing.
     * @return array{ok: true, domains: int}
     */
    function wu_closte_test_connection(#[\SensitiveParameter] ?array $config = null): array {}

    /** True when CLOSTE_CLIENT_API_KEY is defined and non-empty (the site runs on Closte). */
    function wu_closte_detect(): bool {}

    /**
     * Whether the Closte API key is there, in $config or as a constant; says
     * nothing of whether it is right (see wu_closte_test_connection()).
     */
    function wu_closte_is_configured(#[\SensitiveParameter] ?array $config = null): bool {}

    /**
     * Brings the network website's Enhance aliases in line with $domains (the full
     * list the network wants): one listing, then the difference applied.
     * $options: prune (bool; only aliases are ever removed), keep (list of names
     * never pruned), dry_run (bool), concurrency (int, default ini
     * wu_hosting.max_concurrency), rate (requests per second, default 10, 0 for no
     * limit), adaptive (bool, default true), retry_budget (seconds for further
     * rounds of writes that met a passing failure, default 60, 0 to 3600),
     * progress (callable(int $done, int $total)). Lost answers are settled by a
     * listing before anything is sent again; the report says what the panel holds.
     * @return array{dry_run: bool, entries: list<array{domain: string, action: string, id: ?string, error: ?string}>, totals: array{added: int, removed: int, kept: int, failed: int, total: int}, concurrency: array, seconds: float}
     */
    function wu_enhance_sync(array $domains, ?array $options = null, #[\SensitiveParameter] ?array $config = null): array {}

    /**
     * Brings the Closte app's aliases in line with $domains; options as wu_enhance_sync().
     * @return array{dry_run: bool, entries: list<array{domain: string, action: string, id: null, error: ?string}>, totals: array{added: int, removed: int, kept: int, failed: int, total: int}, concurrency: array, seconds: float}
     */
    function wu_closte_sync(array $domains, ?array $options = null, #[\SensitiveParameter] ?array $config = null): array {}

    /**
     * Registers a logger for panel requests, called as
     * $logger(string $line, array $record) after each call with one line per request
     * ("Enhance POST /api/orgs/…/domains 201 12.3 ms"); the record holds panel,
     * method, path, status, millis, attempt, error and level (info, warning, error).
     * null removes it; it is forgotten at the end of each request.
     */
    function wu_hosting_set_logger(mixed $logger = null): void {}

    /**
     * Inserts or replaces define() lines in a wp-config.php: values escaped, written
     * atomically with the file's permissions, one backup kept (<file>.wu-hosting.bak),
     * nothing written when nothing changes. Values: string, int, float, bool, null.
     * @param array<string, string|int|float|bool|null> $constants
     * @return array{path: string, changed: bool, backup: ?string, constants: array<string, string>}
     */
    function wu_hosting_write_constants(string $path, #[\SensitiveParameter] array $constants): array {}

    /**
     * Whether a failure of this WuHosting exception class with this code (the
     * HTTP status) may pass if tried again later: a NetworkException, or an
     * ApiException with 408, 429 or 5xx. The rule the sync's own retries follow.
     */
    function wu_hosting_is_transient(string $exception_class, int $code): bool {}

    /**
     * What this build is and sees: its version, build profile and target, each
     * panel (configured in this process by its constants, the constants it reads
     * and the $config key of each, its $config keys), the ini settings and the
     * native functions. Never a secret: settings are named, not shown.
     * @return array{version: string, build: array{profile: string, target: string}, panels: array<string, array{title: string, configured: bool, settings: array<string, string>, config_keys: list<string>}>, ini: array<string, string>, functions: list<string>}
     */
    function wu_hosting_info(): array {}

    /** The extension's version. */
    function wu_hosting_version(): string {}
}

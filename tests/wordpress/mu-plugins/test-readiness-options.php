<?php
/**
 * Plugin Name: Test readiness options
 * Description: Points the plugin's DNS and certificate checks at the loopback fixtures when a test sets the network option wu_test_readiness (dns and ssl options, extra DNS targets), in every process of the test network: the suite's own and the web server's.
 */

defined('ABSPATH') || exit;

/**
 * Adds the filters (again: tests of the suite remove every filter of these hooks
 * after themselves).
 */
function wu_test_readiness_filters(): void
{
    static $filters = null;
    if ($filters === null) {
        $option = static function (string $key): ?array {
            $options = get_site_option('wu_test_readiness');
            return is_array($options) && isset($options[$key]) ? (array) $options[$key] : null;
        };
        $filters = [
            'wu_hosting_dns_options' => static fn ($o) => $option('dns') ?? $o,
            'wu_hosting_ssl_options' => static fn ($o) => $option('ssl') ?? $o,
            'wu_hosting_dns_expect' => static fn ($t) => array_merge((array) $t, $option('expect') ?? []),
        ];
    }
    foreach ($filters as $hook => $filter) {
        remove_filter($hook, $filter);
        add_filter($hook, $filter);
    }
}

wu_test_readiness_filters();

<?php
/**
 * Plugin Name: Test readiness options
 * Description: Points the plugin's DNS and certificate checks at the loopback fixtures when a test sets the network option wu_test_readiness (dns and ssl options, extra DNS targets), in every process of the test network: the suite's own and the web server's.
 */

defined('ABSPATH') || exit;

$wu_test_readiness = static function (string $key): ?array {
    $options = get_site_option('wu_test_readiness');
    return is_array($options) && isset($options[$key]) ? (array) $options[$key] : null;
};
add_filter('wu_hosting_dns_options', static fn ($o) => $wu_test_readiness('dns') ?? $o);
add_filter('wu_hosting_ssl_options', static fn ($o) => $wu_test_readiness('ssl') ?? $o);
add_filter('wu_hosting_dns_expect', static fn ($t) => array_merge((array) $t, $wu_test_readiness('expect') ?? []));
unset($wu_test_readiness);

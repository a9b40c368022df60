<?php
/**
 * Call recording for Ultimate Multisite's own Enhance and Closte integrations. In this
 * test stand-in they call no API: each domain method records (provider, method, domain,
 * site_id) in $GLOBALS['um_standin_builtin_calls'] (this request) and in the network
 * option um_standin_builtin_calls (across requests), so tests can prove that the
 * built-in integrations were, or were not, called.
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

defined('ABSPATH') || exit;

$GLOBALS['um_standin_builtin_calls'] = [];

/**
 * Records a call of a built-in integration.
 *
 * @param string     $provider   Integration id: enhance or closte.
 * @param string     $method     on_add_domain, on_remove_domain, on_add_subdomain, on_remove_subdomain.
 * @param string     $domain     The domain or subdomain.
 * @param int|string $site_id    The site id, as received.
 * @param string     $generation 'legacy' (2.4 Base_Host_Provider) or 'registry' (2.5 capability module).
 * @return void
 */
function um_standin_record_builtin_call($provider, $method, $domain, $site_id, $generation) {

	$call = [
		'provider'   => $provider,
		'method'     => $method,
		'domain'     => $domain,
		'site_id'    => $site_id,
		'generation' => $generation,
	];

	$GLOBALS['um_standin_builtin_calls'][] = $call;

	$stored   = (array) get_network_option(null, 'um_standin_builtin_calls', []);
	$stored[] = $call;

	update_network_option(null, 'um_standin_builtin_calls', $stored);
}

/**
 * The recorded calls of the built-in integrations, across requests (test API).
 *
 * @param string|null $provider Only this provider; null for all.
 * @return array[] provider, method, domain, site_id, generation.
 */
function um_standin_builtin_calls(?string $provider = null): array {

	$calls = (array) get_network_option(null, 'um_standin_builtin_calls', []);

	if (null !== $provider) {
		$calls = array_values(array_filter($calls, fn($call) => $call['provider'] === $provider));
	}

	return $calls;
}

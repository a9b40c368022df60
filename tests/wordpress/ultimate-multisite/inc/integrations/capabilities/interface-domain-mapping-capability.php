<?php
/**
 * Test stand-in of WP_Ultimo\Integrations\Capabilities\Domain_Mapping_Capability
 * (2.5 generation). Typed: the subdomain site id arrives as a numeric string and is
 * coerced to int (non-strict mode).
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Integrations\Capabilities;

defined('ABSPATH') || exit;

interface Domain_Mapping_Capability {

	public function on_add_domain(string $domain, int $site_id): void;

	public function on_remove_domain(string $domain, int $site_id): void;

	public function on_add_subdomain(string $subdomain, int $site_id): void;

	public function on_remove_subdomain(string $subdomain, int $site_id): void;
}

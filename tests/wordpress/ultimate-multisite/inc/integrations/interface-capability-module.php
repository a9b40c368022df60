<?php
/**
 * Test stand-in of WP_Ultimo\Integrations\Capability_Module (2.5.2+ variant: no return
 * types; supports(string) and set_integration(Integration) keep their parameter types).
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Integrations;

defined('ABSPATH') || exit;

interface Capability_Module {

	public function get_capability_id();

	public function get_title();

	public function get_supported_features();

	public function supports(string $feature);

	public function register_hooks();

	public function get_fields();

	public function get_explainer_lines();

	public function set_integration(Integration $integration);

	public function get_integration();

	public function test_connection();
}

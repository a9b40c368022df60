<?php
/**
 * Test stand-in of WP_Ultimo\Integrations\Base_Capability_Module (2.5.2+ variant, untyped
 * methods: a child may add return types). Subclasses implement get_capability_id() and
 * get_title(), and hook themselves in register_hooks(), which the registry calls only
 * when the integration is enabled and set up.
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Integrations;

defined('ABSPATH') || exit;

abstract class Base_Capability_Module implements Capability_Module {

	protected Integration $integration;

	protected array $supported_features = [];

	public function get_supported_features() {

		return $this->supported_features;
	}

	public function supports($feature) {

		return in_array($feature, $this->supported_features, true);
	}

	public function register_hooks() {}

	public function get_fields() {

		return [];
	}

	public function get_explainer_lines() {

		return [
			'will'     => [],
			'will_not' => [],
		];
	}

	public function set_integration(Integration $integration) {

		$this->integration = $integration;
	}

	public function get_integration() {

		return $this->integration;
	}

	public function test_connection() {

		return true;
	}
}

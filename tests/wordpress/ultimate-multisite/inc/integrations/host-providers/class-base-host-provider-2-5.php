<?php
/**
 * Test stand-in of WP_Ultimo\Integrations\Host_Providers\Base_Host_Provider, 2.5.2+
 * generation (same class and file name in Ultimate Multisite; this file is loaded
 * instead of class-base-host-provider.php when the stand-in imitates 2.5).
 *
 * 2.5.2+ removed the PHP return types (a child may still add them), setup_constants()
 * returns bool|WP_Error, and init() registers the domain hooks only when the
 * integration is enabled AND set up. The settings field key is
 * 'integration_' . str_replace('-', '_', $id).
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Integrations\Host_Providers;

use WP_Ultimo\Helpers\WP_Config;

defined('ABSPATH') || exit;

abstract class Base_Host_Provider implements DNS_Provider_Interface {

	use Base_Host_Provider_Shared;

	/**
	 * Runs on singleton instantiation.
	 */
	public function init() {

		if ($this->detect() && ! $this->is_enabled()) {
			$this->alert_provider_detected();
		}

		if ($this->is_enabled()) {
			if ( ! $this->is_setup()) {
				if (did_action('init')) {
					$this->alert_provider_not_setup();
				} else {
					add_action('init', [$this, 'alert_provider_not_setup']);
				}
			} else {
				$this->load_dependencies();

				$this->register_hooks();
			}
		}

		add_filter('wu_domain_manager_get_integrations', [$this, 'self_register']);

		add_action('init', [$this, 'add_to_integration_list']);
	}

	public function add_to_integration_list() {

		$this->standin_register_integration_list_field('integration_' . str_replace('-', '_', $this->get_id()));
	}

	public function alert_provider_detected() {

		$this->standin_provider_detected_notice();
	}

	public function alert_provider_not_setup() {

		$this->standin_provider_not_setup_notice();
	}

	public function register_hooks() {

		add_action('wu_add_domain', [$this, 'on_add_domain'], 10, 2);

		add_action('wu_remove_domain', [$this, 'on_remove_domain'], 10, 2);

		add_action('wu_add_subdomain', [$this, 'on_add_subdomain'], 10, 2);

		add_action('wu_remove_subdomain', [$this, 'on_remove_subdomain'], 10, 2);

		$this->additional_hooks();
	}

	/**
	 * Writes the constants into wp-config.php; stops at the first WP_Error.
	 *
	 * @param array $constant_values name => value.
	 * @return bool|\WP_Error
	 */
	public function setup_constants($constant_values) {

		$values = shortcode_atts(array_flip($this->get_all_constants()), $constant_values);

		foreach ($values as $constant => $value) {
			$result = WP_Config::get_instance()->inject_wp_config_constant($constant, $value);

			if (is_wp_error($result)) {
				return $result;
			}
		}

		return true;
	}

	public function test_connection() {

		wp_send_json_success([]);
	}

	public function supports_dns_management() {

		return $this->supports('dns-management');
	}

	public function get_supported_record_types() {

		return ['A', 'AAAA', 'CNAME', 'MX', 'TXT'];
	}

	public function get_zone_id(string $domain) {

		return null;
	}

	public function is_dns_enabled() {

		if ( ! $this->supports_dns_management()) {
			return false;
		}

		$dns_enabled = get_network_option(null, 'wu_dns_integrations_enabled', []);

		return ! empty($dns_enabled[ $this->get_id() ]);
	}

	public function enable_dns() {

		if ( ! $this->supports_dns_management()) {
			return false;
		}

		$dns_enabled = get_network_option(null, 'wu_dns_integrations_enabled', []);

		$dns_enabled[ $this->get_id() ] = true;

		return update_network_option(null, 'wu_dns_integrations_enabled', $dns_enabled);
	}

	public function disable_dns() {

		$dns_enabled = get_network_option(null, 'wu_dns_integrations_enabled', []);

		$dns_enabled[ $this->get_id() ] = false;

		return update_network_option(null, 'wu_dns_integrations_enabled', $dns_enabled);
	}

	/**
	 * The registrable zone of a domain (last two labels, three for known two-part TLDs).
	 *
	 * @param string $domain Domain.
	 * @return string
	 */
	protected function extract_zone_name(string $domain): string {

		$parts = explode('.', rtrim(strtolower($domain), '.'));

		$multi_part_tlds = apply_filters('wu_multi_part_tlds', ['.co.uk', '.com.au', '.co.nz', '.com.br', '.co.in']);

		if (count($parts) > 2 && in_array('.' . implode('.', array_slice($parts, -2)), $multi_part_tlds, true)) {
			return implode('.', array_slice($parts, -3));
		}

		return implode('.', array_slice($parts, -2));
	}
}

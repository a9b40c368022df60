<?php
/**
 * Test stand-in of WP_Ultimo\Integrations\Host_Providers\Base_Host_Provider, 2.4.x
 * generation (inc/integrations/host-providers/class-base-host-provider.php).
 *
 * 2.4.x signatures: init(), add_to_integration_list(), alert_provider_detected(),
 * alert_provider_not_setup(), register_hooks(), setup_constants() and test_connection()
 * return `: void`, so an overriding child must declare `: void` too; the DNS methods are
 * typed. init() registers the four domain hooks only when the integration is enabled
 * and set up; enabled but not set up, it queues the notice should-setup-<id>-integration
 * for init instead. The class does not use the Singleton trait; concrete
 * providers do.
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
	public function init(): void {

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

	public function add_to_integration_list(): void {

		$this->standin_register_integration_list_field('integration_' . $this->get_id());
	}

	public function alert_provider_detected(): void {

		$this->standin_provider_detected_notice();
	}

	public function alert_provider_not_setup(): void {

		$this->standin_provider_not_setup_notice();
	}

	/**
	 * Hooks on_add_domain & co. to wu_add_domain & co. (10, 2), then additional_hooks().
	 */
	public function register_hooks(): void {

		add_action('wu_add_domain', [$this, 'on_add_domain'], 10, 2);

		add_action('wu_remove_domain', [$this, 'on_remove_domain'], 10, 2);

		add_action('wu_add_subdomain', [$this, 'on_add_subdomain'], 10, 2);

		add_action('wu_remove_subdomain', [$this, 'on_remove_subdomain'], 10, 2);

		$this->additional_hooks();
	}

	/**
	 * Writes the constants into wp-config.php (allow-listed by get_all_constants()).
	 *
	 * @param array $constant_values name => value.
	 */
	public function setup_constants($constant_values): void {

		$values = shortcode_atts(array_flip($this->get_all_constants()), $constant_values);

		foreach ($values as $constant => $value) {
			WP_Config::get_instance()->inject_wp_config_constant($constant, $value);
		}
	}

	/**
	 * Connection test (AJAX); providers override it and send JSON themselves.
	 */
	public function test_connection(): void {

		wp_send_json_success([]);
	}

	public function supports_dns_management(): bool {

		return $this->supports('dns-management');
	}

	public function get_supported_record_types(): array {

		return ['A', 'AAAA', 'CNAME', 'MX', 'TXT'];
	}

	public function get_zone_id(string $domain): ?string {

		return null;
	}

	public function is_dns_enabled(): bool {

		if ( ! $this->supports_dns_management()) {
			return false;
		}

		$dns_enabled = get_network_option(null, 'wu_dns_integrations_enabled', []);

		return ! empty($dns_enabled[ $this->get_id() ]);
	}

	public function enable_dns(): bool {

		if ( ! $this->supports_dns_management()) {
			return false;
		}

		$dns_enabled = get_network_option(null, 'wu_dns_integrations_enabled', []);

		$dns_enabled[ $this->get_id() ] = true;

		return update_network_option(null, 'wu_dns_integrations_enabled', $dns_enabled);
	}

	public function disable_dns(): bool {

		$dns_enabled = get_network_option(null, 'wu_dns_integrations_enabled', []);

		$dns_enabled[ $this->get_id() ] = false;

		return update_network_option(null, 'wu_dns_integrations_enabled', $dns_enabled);
	}
}

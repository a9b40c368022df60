<?php
/**
 * The members of WP_Ultimo\Integrations\Host_Providers\Base_Host_Provider that are the
 * same in 2.4.x and 2.5.2+ (properties and untyped methods). The two generations of the
 * class (class-base-host-provider.php and class-base-host-provider-2-5.php) use it and
 * add the methods whose signatures differ. Ultimate Multisite itself has one class; the
 * trait only avoids writing these members twice.
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Integrations\Host_Providers;

defined('ABSPATH') || exit;

trait Base_Host_Provider_Shared {

	/** @var string */
	protected $id;

	/** @var string */
	protected $title;

	/** @var string */
	protected $tutorial_link = '';

	/** @var array e.g. autossl, no-instructions, no-config, dns-management. */
	protected $supports = [];

	/** @var array Required constants; an entry may be an array of alternatives. */
	protected $constants = [];

	/** @var array */
	protected $optional_constants = [];

	/**
	 * Registers this provider (filter wu_domain_manager_get_integrations).
	 *
	 * @param array $integrations id => class name.
	 * @return array
	 */
	final public function self_register($integrations) {

		$integrations[ $this->get_id() ] = static::class;

		return $integrations;
	}

	/**
	 * The network option wu_host_integrations_enabled ([id => bool]).
	 *
	 * @return array
	 */
	protected function get_enabled_list() {

		return get_network_option(null, 'wu_host_integrations_enabled', []);
	}

	final public function is_enabled() {

		$list = $this->get_enabled_list();

		return wu_get_isset($list, $this->get_id(), false);
	}

	public function enable() {

		$list = $this->get_enabled_list();

		$list[ $this->get_id() ] = true;

		return update_network_option(null, 'wu_host_integrations_enabled', $list);
	}

	public function disable() {

		$list = $this->get_enabled_list();

		$list[ $this->get_id() ] = false;

		return update_network_option(null, 'wu_host_integrations_enabled', $list);
	}

	/**
	 * The notice shown when detect() is true but the integration is not enabled.
	 *
	 * @return void
	 */
	protected function standin_provider_detected_notice() {

		if (WP_Ultimo()->is_loaded() === false) {
			return;
		}

		$slug = $this->get_id();

		// translators: %1$s will be replaced with the integration title. E.g. RunCloud.
		$message = sprintf(__('It looks like you are using %1$s as your hosting provider, yet the %1$s integration module is not active. In order for the domain mapping integration to work with %1$s, you might want to activate that module.', 'ultimate-multisite'), $this->get_title());

		$actions = [
			'activate' => [
				// translators: %s is the integration name.
				'title' => sprintf(__('Activate %s', 'ultimate-multisite'), $this->get_title()),
				'url'   => wu_network_admin_url('wp-ultimo-hosting-integration-wizard', ['integration' => $slug]),
			],
		];

		WP_Ultimo()->notices->add($message, 'info', 'network-admin', "should-enable-{$slug}-integration", $actions);
	}

	/**
	 * The notice shown when the integration is enabled but not set up.
	 *
	 * @return void
	 */
	protected function standin_provider_not_setup_notice() {

		if (WP_Ultimo()->is_loaded() === false) {
			return;
		}

		$slug = $this->get_id();

		// translators: %1$s will be replaced with the integration title. E.g. RunCloud.
		$message = sprintf(__('It looks like you are using %1$s as your hosting provider, yet the %1$s integration module was not properly setup. In order for the domain mapping integration to work with %1$s, you need to configure that module.', 'ultimate-multisite'), $this->get_title());

		$actions = [
			'activate' => [
				// translators: %s is the integration name.
				'title' => sprintf(__('Setup %s', 'ultimate-multisite'), $this->get_title()),
				'url'   => wu_network_admin_url(
					'wp-ultimo-hosting-integration-wizard',
					[
						'integration' => $slug,
						'tab'         => 'config',
					]
				),
			],
		];

		WP_Ultimo()->notices->add($message, 'warning', 'network-admin', "should-setup-{$slug}-integration", $actions);
	}

	/**
	 * The Settings > Integrations row.
	 *
	 * @param string $field_key Field key.
	 * @return void
	 */
	protected function standin_register_integration_list_field($field_key) {

		$slug = $this->get_id();

		$html = $this->is_enabled() ? sprintf('<div class="wu-self-center wu-text-green-800 wu-mr-4"><span class="dashicons-wu-check"></span> %s</div>', __('Activated', 'ultimate-multisite')) : '';

		$url = wu_network_admin_url('wp-ultimo-hosting-integration-wizard', ['integration' => $slug]);

		$html .= sprintf('<a href="%s" class="button-primary">%s</a>', $url, __('Configuration', 'ultimate-multisite'));

		// translators: %s is the name of a host provider (e.g. Cloudways, WPMUDev, Closte...).
		$title = sprintf(__('%s Integration', 'ultimate-multisite'), $this->get_title());

		wu_register_settings_field(
			'integrations',
			$field_key,
			[
				'type'  => 'note',
				'title' => $title,
				'desc'  => $html,
			]
		);
	}

	public function get_fields() {

		return [];
	}

	public function get_id() {

		return $this->id;
	}

	public function get_title() {

		return $this->title;
	}

	/**
	 * Whether a feature is supported (filter wu_hosting_support_supports).
	 *
	 * @param string $feature Feature.
	 * @return bool
	 */
	public function supports($feature) {

		return apply_filters('wu_hosting_support_supports', in_array($feature, $this->supports, true), $this);
	}

	public function additional_hooks() {}

	public function load_dependencies() {}

	abstract public function detect();

	/**
	 * Whether every required constant (or one of its alternatives) is defined and truthy.
	 * Constants only: there is no option fallback.
	 *
	 * @return bool
	 */
	public function is_setup() {

		$all_set = true;

		foreach ($this->constants as $constant) {
			$constants = is_array($constant) ? $constant : [$constant];

			$current = false;

			foreach ($constants as $constant) {
				if (defined($constant) && constant($constant)) {
					$current = true;

					break;
				}
			}

			$all_set = $all_set && $current;

			if (false === $all_set) {
				return false;
			}
		}

		return $all_set;
	}

	/**
	 * The required constants missing (all alternatives of a failing entry).
	 *
	 * @return array
	 */
	public function get_missing_constants() {

		$missing_constants = [];

		foreach ($this->constants as $constant) {
			$constants = is_array($constant) ? $constant : [$constant];

			$current = false;

			foreach ($constants as $constant) {
				if (defined($constant) && constant($constant)) {
					$current = true;

					break;
				}
			}

			$missing_constants = $current ? $missing_constants : array_merge($missing_constants, $constants);
		}

		return $missing_constants;
	}

	/**
	 * All constants, required (flattened) then optional.
	 *
	 * @return array
	 */
	public function get_all_constants() {

		$constants = [];

		foreach ($this->constants as $constant) {
			$current = is_array($constant) ? $constant : [$constant];

			$constants = array_merge($constants, $current);
		}

		return array_merge($constants, $this->optional_constants);
	}

	/**
	 * The define lines for manual insertion (values NOT escaped, as in Ultimate Multisite).
	 *
	 * @param array $constant_values name => value.
	 * @return string
	 */
	public function get_constants_string($constant_values) {

		$content = [
			sprintf('// Ultimate Multisite - Domain Mapping - %s', $this->get_title()),
		];

		$constant_values = shortcode_atts(array_flip($this->get_all_constants()), $constant_values);

		foreach ($constant_values as $constant => $value) {
			$content[] = sprintf("define( '%s', '%s' );", $constant, $value);
		}

		$content[] = sprintf('// Ultimate Multisite - Domain Mapping - %s - End', $this->get_title());

		return implode(PHP_EOL, $content);
	}

	/**
	 * The activation step's will / will_not lines.
	 *
	 * @return array
	 */
	public function get_explainer_lines() {

		$explainer_lines = [
			'will'     => [
				// translators: %s is the name of the integration e.g. RunCloud.
				'send_domains' => sprintf(__('Send API calls to %s servers with domain names added to this network', 'ultimate-multisite'), $this->get_title()),
			],
			'will_not' => [],
		];

		if ($this->supports('autossl')) {
			// translators: %s is the name of the integration e.g. RunCloud.
			$explainer_lines['will'][] = sprintf(__('Fetch and install a SSL certificate on %s platform after the domain is added.', 'ultimate-multisite'), $this->get_title());
		} else {
			// translators: %s is the name of the integration e.g. RunCloud.
			$explainer_lines['will_not'][] = sprintf(__('Fetch and install a SSL certificate on %s platform after the domain is added. This needs to be done manually.', 'ultimate-multisite'), $this->get_title());
		}

		return $explainer_lines;
	}

	abstract public function on_add_domain($domain, $site_id);

	abstract public function on_remove_domain($domain, $site_id);

	abstract public function on_add_subdomain($subdomain, $site_id);

	abstract public function on_remove_subdomain($subdomain, $site_id);

	public function get_description() {

		return __('No description provided.', 'ultimate-multisite');
	}

	public function get_logo() {

		return '';
	}

	/**
	 * DNS not supported unless overridden.
	 *
	 * @return \WP_Error
	 */
	protected function standin_dns_not_supported() {

		return new \WP_Error('dns-not-supported', __('DNS record management is not supported by this hosting provider.', 'ultimate-multisite'));
	}

	public function get_dns_records(string $domain) {

		return $this->standin_dns_not_supported();
	}

	public function create_dns_record(string $domain, array $record) {

		return $this->standin_dns_not_supported();
	}

	public function update_dns_record(string $domain, string $record_id, array $record) {

		return $this->standin_dns_not_supported();
	}

	public function delete_dns_record(string $domain, string $record_id) {

		return $this->standin_dns_not_supported();
	}
}

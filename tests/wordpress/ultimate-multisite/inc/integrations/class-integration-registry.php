<?php
/**
 * Test stand-in of WP_Ultimo\Integrations\Integration_Registry (2.5 generation,
 * inc/integrations/class-integration-registry.php). init() is called by WP_Ultimo before
 * the Domain_Manager; on plugins_loaded@9 it registers the core integrations (here only
 * Enhance and Closte) and fires wu_register_integrations; on plugins_loaded@12 it adds
 * the core capabilities, fires wu_register_capabilities, then resolve() registers each
 * module's hooks when its integration is enabled and set up.
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Integrations;

defined('ABSPATH') || exit;

class Integration_Registry {

	private static ?Integration_Registry $instance = null;

	/** @var Integration[] id => integration. */
	private array $integrations = [];

	/** @var array integration id => [capability id => module]. */
	private array $capabilities = [];

	private bool $resolved = false;

	private function __construct() {}

	public static function get_instance(): Integration_Registry {

		if (null === self::$instance) {
			self::$instance = new self();
		}

		return self::$instance;
	}

	public function init(): void {

		add_action('plugins_loaded', [$this, 'fire_registration_hooks'], 9);

		add_action('plugins_loaded', [$this, 'fire_capability_hooks'], 12);
	}

	public function fire_registration_hooks(): void {

		$this->register_core_integrations();

		do_action('wu_register_integrations', $this);
	}

	public function fire_capability_hooks(): void {

		$this->register_core_capabilities();

		do_action('wu_register_capabilities', $this);

		$this->resolve();
	}

	private function register_core_integrations(): void {

		$this->register(new Providers\Closte\Closte_Integration());

		$this->register(new Providers\Enhance\Enhance_Integration());
	}

	private function register_core_capabilities(): void {

		$this->add_capability('closte', new Providers\Closte\Closte_Domain_Mapping());

		$this->add_capability('enhance', new Providers\Enhance\Enhance_Domain_Mapping());
	}

	public function register(Integration $integration): void {

		$this->integrations[ $integration->get_id() ] = $integration;
	}

	public function get(string $id): ?Integration {

		return $this->integrations[ $id ] ?? null;
	}

	public function get_all(): array {

		return $this->integrations;
	}

	public function add_capability(string $integration_id, Capability_Module $module): void {

		$this->capabilities[ $integration_id ][ $module->get_capability_id() ] = $module;
	}

	public function get_capabilities(string $integration_id): array {

		return $this->capabilities[ $integration_id ] ?? [];
	}

	public function has_capability(string $integration_id, string $capability_id): bool {

		return isset($this->capabilities[ $integration_id ][ $capability_id ]);
	}

	public function get_integrations_with_capability(string $capability_id): array {

		$result = [];

		foreach ($this->integrations as $id => $integration) {
			if ($this->has_capability($id, $capability_id)) {
				$result[ $id ] = $integration;
			}
		}

		return $result;
	}

	public function get_capability(string $integration_id, string $capability_id): ?Capability_Module {

		return $this->capabilities[ $integration_id ][ $capability_id ] ?? null;
	}

	/**
	 * Binds modules to their integrations and registers the hooks of the enabled and set-up ones.
	 */
	private function resolve(): void {

		if ($this->resolved) {
			return;
		}

		foreach ($this->capabilities as $integration_id => $modules) {
			$integration = $this->get($integration_id);

			if ( ! $integration) {
				continue;
			}

			foreach ($modules as $module) {
				$module->set_integration($integration);

				if ($integration->is_enabled() && $integration->is_setup()) {
					$module->register_hooks();
				}
			}
		}

		$this->resolved = true;

		add_action('wu_settings_integrations', [$this, 'register_settings_fields']);

		add_action('init', [$this, 'register_admin_notices']);
	}

	public function register_settings_fields(): void {

		foreach ($this->integrations as $slug => $integration) {
			wu_register_settings_field(
				'integrations',
				'integration_' . str_replace('-', '_', $slug),
				[
					'type'  => 'note',
					// translators: %s is the name of a host provider.
					'title' => sprintf(__('%s Integration', 'ultimate-multisite'), $integration->get_title()),
					'desc'  => sprintf('<a href="%s" class="button-primary">%s</a>', wu_network_admin_url('wp-ultimo-hosting-integration-wizard', ['integration' => $slug]), __('Configuration', 'ultimate-multisite')),
				]
			);
		}
	}

	public function register_admin_notices(): void {

		foreach ($this->integrations as $slug => $integration) {
			if ($integration->detect() && ! $integration->is_enabled()) {
				// translators: %1$s will be replaced with the integration title.
				WP_Ultimo()->notices->add(sprintf(__('It looks like you are using %1$s as your hosting provider, yet the %1$s integration module is not active.', 'ultimate-multisite'), $integration->get_title()), 'info', 'network-admin', "should-enable-{$slug}-integration");
			} elseif ($integration->is_enabled() && ! $integration->is_setup()) {
				// translators: %1$s will be replaced with the integration title.
				WP_Ultimo()->notices->add(sprintf(__('It looks like you are using %1$s as your hosting provider, yet the %1$s integration module was not properly setup.', 'ultimate-multisite'), $integration->get_title()), 'warning', 'network-admin', "should-setup-{$slug}-integration");
			}
		}
	}
}

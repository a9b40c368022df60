<?php
/**
 * Plugs the Enhance and Closte integrations into whichever Ultimate Multisite
 * is installed, in place of its own: the 2.5 registry when it exists, else the
 * 2.4 host providers. Ultimate Multisite's own Enhance or Closte code never
 * runs beside ours, or every domain would be sent twice.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * Registration with both generations.
 */
final class Providers {

	private const LEGACY = [
		'enhance' => Providers\Enhance_Host_Provider::class,
		'closte'  => Providers\Closte_Host_Provider::class,
	];

	/** Tries of the SSL stage while our Closte integration serves: Closte's certificates take a while. */
	public const CLOSTE_SSL_TRIES = 20;

	private const DOMAIN_HOOKS = [
		'wu_add_domain'       => 'on_add_domain',
		'wu_remove_domain'    => 'on_remove_domain',
		'wu_add_subdomain'    => 'on_add_subdomain',
		'wu_remove_subdomain' => 'on_remove_subdomain',
	];

	/** Both generations fire their hooks at plugins_loaded: listen from now. */
	public static function register(): void {
		add_action('wu_register_integrations', [self::class, 'register_integrations'], 20);
		add_action('wu_register_capabilities', [self::class, 'register_capabilities'], 20);
		add_action('wp_ultimo_host_providers_load', [self::class, 'load_legacy'], 20);
		Discovery::register();
	}

	/** Whether Ultimate Multisite has the 2.5 registry. */
	public static function has_registry(): bool {
		return class_exists('\WP_Ultimo\Integrations\Integration_Registry');
	}

	/** 2.5: our integrations replace the core ones of the same id (last registered wins). */
	public static function register_integrations($registry): void {
		self::require_registry();
		foreach (Panel::all() as $panel) {
			$registry->register(new Registry\Hosting_Integration($panel));
		}
	}

	/** 2.5: our module replaces the core 'domain-mapping' module of each panel. */
	public static function register_capabilities($registry): void {
		self::require_registry();
		foreach (Panel::all() as $panel) {
			$registry->add_capability($panel->id, new Registry\Domain_Mapping($panel));
		}
	}

	private static function require_registry(): void {
		require_once __DIR__ . '/registry/class-hosting-integration.php';
		require_once __DIR__ . '/registry/class-domain-mapping.php';
	}

	/**
	 * 2.4: on `wp_ultimo_host_providers_load`, after Ultimate Multisite made its
	 * own providers: make ours, take their place in the integration list, and
	 * unhook theirs.
	 */
	public static function load_legacy(): void {
		if (self::has_registry() || !class_exists('\WP_Ultimo\Integrations\Host_Providers\Base_Host_Provider')) {
			return;
		}
		require_once __DIR__ . '/providers/trait-legacy-provider.php';
		require_once __DIR__ . '/providers/class-enhance-host-provider.php';
		require_once __DIR__ . '/providers/class-closte-host-provider.php';
		foreach (self::LEGACY as $id => $class) {
			self::unhook_original($id);
			$class::get_instance();
		}
		add_filter('wu_domain_manager_get_integrations', [self::class, 'replace_in_list'], 20);
		add_filter('wu_admin_notices', [self::class, 'drop_false_notices']);
	}

	/**
	 * `wu_async_process_domain_stage_max_tries` while our Closte integration serves:
	 * Ultimate Multisite's own Closte code, which ours replaces, gives the SSL stage
	 * 20 tries, as Closte's certificates take a while; ours keeps that.
	 *
	 * @param int   $max_tries Tries allowed so far.
	 * @param mixed $domain    The domain (WP_Ultimo\Models\Domain).
	 */
	public static function closte_ssl_tries($max_tries, $domain) {
		if (is_object($domain) && method_exists($domain, 'get_stage') && 'checking-ssl-cert' === $domain->get_stage()) {
			return max((int) $max_tries, self::CLOSTE_SSL_TRIES);
		}
		return $max_tries;
	}

	/**
	 * `wu_admin_notices`: Ultimate Multisite's "not properly setup" notice for an
	 * integration ours serves, while ours is set up. Its own provider, still made
	 * before ours (2.4), checks the constants it needs, not the ones ours needs.
	 *
	 * @param array $notices Notices of one panel, by key.
	 */
	public static function drop_false_notices($notices) {
		if (!is_array($notices)) {
			return $notices;
		}
		foreach (self::LEGACY as $id => $class) {
			$key = "should-setup-{$id}-integration";
			if (isset($notices[ $key ]) && class_exists($class, false) && $class::get_instance()->is_setup()) {
				unset($notices[ $key ]);
			}
		}
		return $notices;
	}

	/** Our class under each id Ultimate Multisite's own provider had. */
	public static function replace_in_list($integrations) {
		foreach (self::LEGACY as $id => $class) {
			$integrations[ $id ] = $class;
		}
		return $integrations;
	}

	/**
	 * Silences Ultimate Multisite's own provider with this id: its domain hooks, its
	 * "not properly setup" notice queued for `init` (it checks its own constants,
	 * not ours: with the setup guide's server id it would cry wolf), its row in the
	 * integration list (ours takes it) and its SSL tries (ours keeps them).
	 */
	private static function unhook_original(string $id): void {
		$original = '\WP_Ultimo\Integrations\Host_Providers\\' . ucfirst($id) . '_Host_Provider';
		if (!class_exists($original) || !method_exists($original, 'get_instance')) {
			return;
		}
		$instance = $original::get_instance();
		foreach (self::DOMAIN_HOOKS as $hook => $method) {
			remove_action($hook, [$instance, $method], 10);
		}
		remove_action('init', [$instance, 'alert_provider_not_setup']);
		remove_action('init', [$instance, 'add_to_integration_list']);
		remove_filter('wu_async_process_domain_stage_max_tries', [$instance, 'ssl_tries'], 10);
	}
}

<?php
/**
 * Plugin Name: Ultimate Multisite (test stand-in)
 * Description: A test stand-in of Ultimate Multisite's public classes and hook firing, written from its documented contract. Not the real plugin.
 * Version:     2.4.13
 * Network:     true
 *
 * Generation: 2.4.x (legacy host providers) by default; the 2.5 registry generation when
 * the environment variable or constant UM_STANDIN_VERSION is '2.5'.
 *
 * What it provides, and the test-facing API (um_standin_*), is described in README.md.
 */

defined('ABSPATH') || exit;

/**
 * The Ultimate Multisite generation this stand-in imitates: '2.4' or '2.5'.
 */
function um_standin_version(): string {

	static $version = null;

	if (null === $version) {
		$wanted  = defined('UM_STANDIN_VERSION') ? (string) constant('UM_STANDIN_VERSION') : (string) getenv('UM_STANDIN_VERSION');
		$version = '2.5' === $wanted ? '2.5' : '2.4';
	}

	return $version;
}

define('WP_ULTIMO_PLUGIN_FILE', __FILE__);
define('WP_ULTIMO_PLUGIN_DIR', plugin_dir_path(__FILE__));
define('WP_ULTIMO_PLUGIN_URL', plugin_dir_url(__FILE__));
define('WP_ULTIMO_PLUGIN_BASENAME', plugin_basename(__FILE__));

$um_standin_inc = __DIR__ . '/inc/';

// Shared by both generations.
require_once $um_standin_inc . 'psr-log-level.php';
require_once $um_standin_inc . 'traits/trait-singleton.php';
require_once $um_standin_inc . 'class-wp-ultimo.php';
require_once $um_standin_inc . 'functions/helper.php';
require_once $um_standin_inc . 'functions/settings.php';
require_once $um_standin_inc . 'class-logger.php';
require_once $um_standin_inc . 'action-scheduler.php';
require_once $um_standin_inc . 'functions/scheduler.php';
require_once $um_standin_inc . 'helpers/class-wp-config.php';
require_once $um_standin_inc . 'database/domains/class-domain-stage.php';
require_once $um_standin_inc . 'models/class-domain.php';
require_once $um_standin_inc . 'functions/domain.php';
require_once $um_standin_inc . 'domain-mapping/class-helper.php';
require_once $um_standin_inc . 'managers/class-domain-manager.php';
require_once $um_standin_inc . 'integrations/host-providers/interface-dns-provider.php';
require_once $um_standin_inc . 'integrations/host-providers/trait-base-host-provider-shared.php';
require_once $um_standin_inc . 'standin/recorder.php';

if ('2.5' === um_standin_version()) {
	// 2.5.2+: untyped legacy base class, plus the integration registry and its core integrations.
	require_once $um_standin_inc . 'integrations/host-providers/class-base-host-provider-2-5.php';
	require_once $um_standin_inc . 'helpers/class-credential-store.php';
	require_once $um_standin_inc . 'integrations/class-integration.php';
	require_once $um_standin_inc . 'integrations/interface-capability-module.php';
	require_once $um_standin_inc . 'integrations/class-base-capability-module.php';
	require_once $um_standin_inc . 'integrations/capabilities/interface-domain-mapping-capability.php';
	require_once $um_standin_inc . 'integrations/providers/enhance/class-enhance-integration.php';
	require_once $um_standin_inc . 'integrations/providers/enhance/class-enhance-domain-mapping.php';
	require_once $um_standin_inc . 'integrations/providers/closte/class-closte-integration.php';
	require_once $um_standin_inc . 'integrations/providers/closte/class-closte-domain-mapping.php';
	require_once $um_standin_inc . 'integrations/class-integration-registry.php';
} else {
	// 2.4.x: typed (": void") legacy base class and the built-in legacy providers.
	require_once $um_standin_inc . 'integrations/host-providers/class-base-host-provider.php';
	require_once $um_standin_inc . 'integrations/host-providers/class-enhance-host-provider.php';
	require_once $um_standin_inc . 'integrations/host-providers/class-closte-host-provider.php';
}

require_once $um_standin_inc . 'standin/test-api.php';

unset($um_standin_inc);

um_standin_install_tables();

// As Ultimate Multisite does, everything is set up when the plugin file is included,
// once its setup wizard has finished (see WP_Ultimo::init()).
$GLOBALS['WP_Ultimo'] = WP_Ultimo();

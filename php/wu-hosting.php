<?php
/**
 * Plugin Name:       wu_hosting for Ultimate Multisite
 * Plugin URI:        https://github.com/wu-hosting/wu_hosting
 * Description:       Keeps Enhance or Closte in step with the domains Ultimate Multisite maps, through the native wu_hosting PHP extension: idempotent, retried when the panel is down, every failure shown to network admins.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.1
 * Network:           true
 * License:           MIT
 * Text Domain:       wu-hosting
 *
 * Network-activate it, or copy this folder into wp-content/mu-plugins/ with a
 * one-line loader (see README, "Install on a WordPress network").
 *
 * @package WuHosting
 */

defined('ABSPATH') || exit;

if (defined('WU_HOSTING_PLUGIN_FILE')) {
	return;
}
define('WU_HOSTING_PLUGIN_FILE', __FILE__);

// Without the extension, the same functions through PHP's FFI when it is enabled.
require_once __DIR__ . '/native/ffi.php';

foreach (
	[
		'class-panel.php',
		'panels/class-enhance-panel.php',
		'panels/class-closte-panel.php',
		'class-log.php',
		'class-www.php',
		'class-retry-queue.php',
		'class-failures.php',
		'class-retrying.php',
		'class-domain-sync.php',
		'class-domain-list.php',
		'class-readiness.php',
		'class-status-checks.php',
		'class-status-table.php',
		'class-status-page.php',
		'class-status-actions.php',
		'class-config-writer.php',
		'class-fields.php',
		'class-discovery.php',
		'class-providers.php',
		'class-plugin.php',
		'cli/class-command.php',
		'cli/class-enhance-command.php',
		'cli/class-closte-command.php',
		'cli/class-check-command.php',
		'cli/class-status-command.php',
		'cli/class-commands.php',
	] as $wu_hosting_file
) {
	require_once __DIR__ . '/includes/' . $wu_hosting_file;
}
unset($wu_hosting_file);

\WuHosting\Plugin\Plugin::instance()->boot();

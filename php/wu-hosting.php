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

// The plugin's classes (includes/), each loaded when first used.
require_once __DIR__ . '/includes/class-autoloader.php';
\WuHosting\Plugin\Autoloader::register(__DIR__ . '/includes');

\WuHosting\Plugin\Plugin::instance()->boot();

<?php
/**
 * Test stand-in of Ultimate Multisite's general helper functions
 * (inc/functions/helper.php, url.php, fs.php, date.php, settings fields).
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

defined('ABSPATH') || exit;

/**
 * Returns $array[$key] when set, else $default. Objects are read as arrays.
 *
 * @param array|object $array   The array.
 * @param string       $key     The key.
 * @param mixed        $default The default.
 * @return mixed
 */
function wu_get_isset($array, $key, $default = false) {

	if ( ! is_array($array)) {
		$array = (array) $array;
	}

	return isset($array[ $key ]) ? $array[ $key ] : $default;
}

/**
 * Returns a request parameter ($_REQUEST), unslashed, or $default.
 *
 * @param string $key     The key.
 * @param mixed  $default The default.
 * @return mixed
 */
function wu_request($key, $default = false) {

	$value = isset($_REQUEST[ $key ]) ? stripslashes_deep($_REQUEST[ $key ]) : $default; // phpcs:ignore WordPress.Security

	return apply_filters('wu_request', $value, $key, $default);
}

/**
 * The id of the network's main site.
 *
 * @return int
 */
function wu_get_main_site_id() {

	return (int) get_main_site_id();
}

/**
 * Runs a callback on another site (the main site by default) and returns its result.
 *
 * @param callable  $callback The callback.
 * @param int|false $site_id  The site, or false for the main site.
 * @return mixed
 */
function wu_switch_blog_and_run($callback, $site_id = false) {

	if ( ! $site_id) {
		$site_id = wu_get_main_site_id();
	}

	is_multisite() && switch_to_blog($site_id);

	$results = call_user_func($callback);

	is_multisite() && restore_current_blog();

	return $results;
}

/**
 * The current time, as current_time().
 *
 * @param string $type mysql, timestamp or a date format.
 * @param bool   $gmt  Whether to use GMT.
 * @return int|string
 */
function wu_get_current_time($type = 'mysql', $gmt = false) {

	return current_time($type, $gmt);
}

/**
 * A network admin URL of an Ultimate Multisite page.
 *
 * @param string $path  The page slug.
 * @param array  $query Query arguments.
 * @return string
 */
function wu_network_admin_url($path, $query = []) {

	$path = sprintf('admin.php?page=%s', $path);

	return add_query_arg($query, network_admin_url($path));
}

/**
 * URL of an asset of the plugin.
 *
 * @param string $asset     File name.
 * @param string $assets_dir Folder under assets/.
 * @return string
 */
function wu_get_asset($asset, $assets_dir = 'img') {

	return WP_ULTIMO_PLUGIN_URL . "assets/{$assets_dir}/{$asset}";
}

/**
 * Registers a settings field. The stand-in only keeps the fields, for tests to read
 * ($GLOBALS['um_standin_settings_fields'][$section][$field_slug]).
 *
 * @param string $section_slug The section.
 * @param string $field_slug   The field.
 * @param array  $atts         The field's attributes.
 * @param int    $priority     Priority.
 * @return void
 */
function wu_register_settings_field($section_slug, $field_slug, $atts, $priority = 10) {

	$GLOBALS['um_standin_settings_fields'][ $section_slug ][ $field_slug ] = $atts;
}

/**
 * The main site's uploads dir array.
 *
 * @return array
 */
function wu_get_main_site_upload_dir() {

	global $current_site;

	is_multisite() && switch_to_blog($current_site->blog_id);

	$uploads = wp_upload_dir(null, false);

	is_multisite() && restore_current_blog();

	return $uploads;
}

/**
 * Creates a folder under the main site's uploads folder, if needed, and returns its path
 * (with a trailing slash, followed by the extra path segments).
 *
 * @param string $folder  Folder name.
 * @param string ...$path Extra segments.
 * @return string
 */
function wu_maybe_create_folder($folder, ...$path) {

	$uploads = wu_get_main_site_upload_dir();

	$folder_path = trailingslashit($uploads['basedir'] . '/' . $folder);

	if ( ! file_exists($folder_path)) {
		wp_mkdir_p($folder_path);

		if ( ! file_exists($folder_path . '.htaccess')) {
			file_put_contents($folder_path . '.htaccess', 'deny from all'); // phpcs:ignore
		}

		if ( ! file_exists($folder_path . 'index.html')) {
			file_put_contents($folder_path . 'index.html', ''); // phpcs:ignore
		}
	}

	return $folder_path . implode('/', $path);
}

/**
 * Adds a line to a log file, <uploads>/wu-logs/<handle>.log.
 *
 * @param string           $handle    The log channel.
 * @param string|\WP_Error $message   The message.
 * @param string           $log_level A PSR-3 level.
 * @return void
 */
function wu_log_add($handle, $message, $log_level = \Psr\Log\LogLevel::INFO) {

	\WP_Ultimo\Logger::add($handle, $message, $log_level);
}

/**
 * Deletes a log file.
 *
 * @param string $handle The log channel.
 * @return void
 */
function wu_log_clear($handle) {

	\WP_Ultimo\Logger::clear($handle);
}

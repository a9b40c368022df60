<?php
/**
 * Test stand-in of Ultimate Multisite's settings functions (wu_get_setting,
 * wu_save_setting) and of WP_Ultimo\Settings' storage: the network option
 * "wp-ultimo_settings" (an array).
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

defined('ABSPATH') || exit;

/**
 * All saved settings.
 *
 * @return array
 */
function wu_get_all_settings() {

	$settings = get_network_option(null, 'wp-ultimo_settings', []);

	return is_array($settings) ? $settings : [];
}

/**
 * A setting's value, or $default when it was never saved.
 *
 * @param string $setting The setting.
 * @param mixed  $default The default.
 * @return mixed
 */
function wu_get_setting($setting, $default = false) {

	$settings = wu_get_all_settings();

	$value = array_key_exists($setting, $settings) ? $settings[ $setting ] : $default;

	return apply_filters('wu_get_setting', $value, $setting, $default, $settings);
}

/**
 * Saves a setting.
 *
 * @param string $setting The setting.
 * @param mixed  $value   The value.
 * @return bool
 */
function wu_save_setting($setting, $value) {

	$settings = wu_get_all_settings();

	$settings[ $setting ] = $value;

	return update_network_option(null, 'wp-ultimo_settings', $settings);
}

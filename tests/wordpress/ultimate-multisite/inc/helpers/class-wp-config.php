<?php
/**
 * Test stand-in of WP_Ultimo\Helpers\WP_Config (inc/helpers/class-wp-config.php), the
 * 2.x wp-config.php writer used by Base_Host_Provider::setup_constants(). Same algorithm
 * as the real one, flaws included: the value is put between single quotes WITHOUT
 * escaping ("define( 'X', 'value' );"), after the $table_prefix line, else above
 * "That's all, stop editing! Happy publishing.", else after "<?php"; an existing define
 * of the same constant (at the start of a line) is replaced in place.
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Helpers;

defined('ABSPATH') || exit;

class WP_Config {

	use \WP_Ultimo\Traits\Singleton;

	/**
	 * Injects (or replaces) define( '$constant', '$value' ); in wp-config.php.
	 *
	 * @param string     $constant Constant name.
	 * @param string|int $value    Value, written unescaped.
	 * @return bool|int|\WP_Error|null
	 */
	public function inject_wp_config_constant($constant, $value) {

		$config_path = $this->get_wp_config_path();

		if ( ! is_writeable($config_path)) {
			// translators: %s is the file name.
			return new \WP_Error('not-writeable', sprintf(__('The file %s is not writable', 'ultimate-multisite'), $config_path));
		}

		$config = file($config_path);

		$line = $this->find_injected_line($config, $constant);

		$content = str_pad(sprintf("define( '%s', '%s' );", $constant, $value), 50) . '// Automatically injected by Ultimate Multisite;';

		if (false === $line) {
			$hook_line = $this->find_reference_hook_line($config);

			if (false === $hook_line) {
				return new \WP_Error('unknown-wpconfig', __("Ultimate Multisite can't recognize your wp-config.php, please revert it to original state for further process.", 'ultimate-multisite'));
			}

			$config = $this->inject_contents($config, $hook_line + 1, PHP_EOL . $content . PHP_EOL);

			return file_put_contents($config_path, implode('', $config), LOCK_EX);
		}

		list($value, $line) = $line;

		if (true === $value) {
			return;
		}

		$config[ $line ] = $content . PHP_EOL;

		return file_put_contents($config_path, implode('', $config), LOCK_EX);
	}

	/**
	 * Inserts lines into the array of lines.
	 *
	 * @param array        $content_array Lines.
	 * @param int          $line          Index to insert at.
	 * @param string|array $value         What to insert.
	 * @return array
	 */
	public function inject_contents($content_array, $line, $value) {

		if ( ! is_array($value)) {
			$value = [$value];
		}

		array_splice($content_array, $line, 0, $value);

		return $content_array;
	}

	/**
	 * The wp-config.php path: in ABSPATH, else one level up.
	 *
	 * @return string|null
	 */
	public function get_wp_config_path() {

		if (file_exists(ABSPATH . 'wp-config.php')) {
			return ABSPATH . 'wp-config.php';
		}

		if (@file_exists(dirname(ABSPATH) . '/wp-config.php') && ! @file_exists(dirname(ABSPATH) . '/wp-settings.php')) { // phpcs:ignore
			return dirname(ABSPATH) . '/wp-config.php';
		}

		return null;
	}

	/**
	 * The index of the line to inject after (the patterns are filterable).
	 *
	 * @param array $config Lines.
	 * @return false|int
	 */
	public function find_reference_hook_line($config) {

		global $wpdb;

		$patterns = apply_filters(
			'wu_wp_config_reference_hook_line_patterns',
			[
				'/^\$table_prefix\s*=\s*[\'|\"]' . $wpdb->prefix . '[\'|\"]/' => 0,
				'/^( ){0,}\$table_prefix\s*=.*[\'|\"]' . $wpdb->prefix . '[\'|\"]/' => 0,
				'/(\/\* That\'s all, stop editing! Happy publishing\. \*\/)/' => -2,
				'/<\?php/' => 0,
			]
		);

		$line = 1;

		foreach ($patterns as $pattern => $lines_to_add) {
			foreach ($config as $k => $line) {
				if (preg_match($pattern, $line)) {
					$line = $k + $lines_to_add;

					break 2;
				}
			}
		}

		return $line;
	}

	/**
	 * Removes an injected define whose value is true/1.
	 *
	 * @param string $constant Constant name.
	 * @return mixed
	 */
	public function revert($constant) {

		$config_path = $this->get_wp_config_path();

		if ( ! is_writeable($config_path)) {
			// translators: %s is the file name.
			return new \WP_Error('not-writeable', sprintf(__('The file %s is not writable', 'ultimate-multisite'), $config_path));
		}

		$config = file($config_path);

		$line = $this->find_injected_line($config, $constant);

		if (false === $line) {
			return;
		}

		if ('true' === $line[0] || '1' === $line[0]) {
			unset($config[ $line[1] ]);

			return file_put_contents($config_path, implode('', $config), LOCK_EX);
		}
	}

	/**
	 * Finds "define( 'CONST', ...)" at the start of a line: [value text, index] or false.
	 *
	 * @param array  $config   Lines.
	 * @param string $constant Constant name.
	 * @return array|false
	 */
	public function find_injected_line($config, $constant) {

		$pattern = "/^define\(\s*['|\"]" . $constant . "['|\"],(.*)\)/";

		foreach ($config as $k => $line) {
			if (preg_match($pattern, $line, $matches)) {
				return [trim($matches[1]), $k];
			}
		}

		return false;
	}
}

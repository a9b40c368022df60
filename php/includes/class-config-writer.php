<?php
/**
 * The 2.4 wizard's "write the constants into wp-config.php" step, done safely by
 * the native wu_hosting_write_constants(): every value escaped, atomic write,
 * one backup, the file's permissions kept.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * Finds wp-config.php and writes constants into it.
 */
final class Config_Writer {

	/** wp-config.php beside WordPress, or one folder up, as WordPress itself looks for it. */
	public static function path(): string {
		$path = file_exists(ABSPATH . 'wp-config.php') ? ABSPATH . 'wp-config.php' : dirname(ABSPATH) . '/wp-config.php';
		/**
		 * Filters the wp-config.php the wizard writes to.
		 *
		 * @param string $path
		 */
		return (string) apply_filters('wu_hosting_wp_config_path', $path);
	}

	/**
	 * Writes $constants (name => value); empty values are left out, so an optional
	 * field left blank does not define an empty constant.
	 *
	 * @return array{path: string, changed: bool, backup: ?string, constants: array<string, string>}
	 * @throws \WuHosting\Exception When the file cannot be written safely.
	 */
	public static function write(#[\SensitiveParameter] array $constants): array {
		$constants = array_filter($constants, fn ($v) => null !== $v && '' !== trim((string) $v));
		return wu_hosting_write_constants(self::path(), array_map('strval', $constants));
	}

	/**
	 * The lines an admin pastes by hand, values escaped for a single-quoted PHP string.
	 */
	public static function lines(#[\SensitiveParameter] array $constants, string $title): string {
		$lines = ["// Ultimate Multisite - Domain Mapping - $title"];
		foreach ($constants as $name => $value) {
			if (null === $value || '' === trim((string) $value)) {
				continue;
			}
			$lines[] = sprintf("define( '%s', %s );", $name, var_export((string) $value, true)); // phpcs:ignore WordPress.PHP.DevelopmentFunctions
		}
		$lines[] = "// Ultimate Multisite - Domain Mapping - $title - End";
		return implode(PHP_EOL, $lines);
	}
}

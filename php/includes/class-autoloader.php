<?php
/**
 * Loads the plugin's classes when first used: `WuHosting\Plugin\Status_Table`
 * from includes/class-status-table.php, `WuHosting\Plugin\Cli\Enhance_Command`
 * from includes/cli/class-enhance-command.php, a trait or interface from its
 * trait-*.php or interface-*.php file (WordPress file naming).
 *
 * The classes of providers/ and registry/ extend Ultimate Multisite's and are
 * left out: Providers loads them itself, once it knows which generation of
 * Ultimate Multisite is there.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * Class name to file, for spl_autoload_register().
 */
final class Autoloader {

	private const PREFIX = __NAMESPACE__ . '\\';

	/** Kinds of file, in the order they are looked for. */
	private const FILE_KINDS = ['class', 'trait', 'interface'];

	/** Sub-namespaces whose classes only Providers loads. */
	private const LOADED_BY_PROVIDERS = ['Providers\\', 'Registry\\'];

	/** Loads classes of the plugin's namespace from $dir (the includes/ folder). */
	public static function register(string $dir): void {
		spl_autoload_register(
			static function (string $class) use ($dir): void {
				$file = self::file($class, $dir);
				if (null !== $file) {
					require_once $file;
				}
			}
		);
	}

	/** The file under $dir that defines $class, or null when it is not the autoloader's to load. */
	public static function file(string $class, string $dir): ?string {
		if (0 !== strncmp($class, self::PREFIX, strlen(self::PREFIX))) {
			return null;
		}
		$relative = substr($class, strlen(self::PREFIX));
		foreach (self::LOADED_BY_PROVIDERS as $namespace) {
			if (0 === strncmp($relative, $namespace, strlen($namespace))) {
				return null;
			}
		}
		$parts  = explode('\\', strtolower(str_replace('_', '-', $relative)));
		$name   = array_pop($parts);
		$folder = rtrim($dir, '/') . '/' . ($parts ? implode('/', $parts) . '/' : '');
		foreach (self::FILE_KINDS as $kind) {
			$file = $folder . $kind . '-' . $name . '.php';
			if (is_file($file)) {
				return $file;
			}
		}
		return null;
	}
}

<?php
/**
 * Ultimate Multisite's `auto_create_www_subdomain` setting: `always` (the
 * default), `main_only` (apex domains such as example.com or example.co.uk, not
 * shop.example.com) or `never`.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * Whether a mapped domain also gets its www name.
 */
final class Www {

	/** Second-level suffixes counted as part of the TLD, as Ultimate Multisite counts them. */
	private const MULTI_PART_TLDS = ['.co.uk', '.com.au', '.co.nz', '.com.br', '.co.in'];

	public static function wanted(string $domain, string $network_domain): bool {
		$domain = rtrim(strtolower(trim($domain)), '.');
		if ('' === $domain || str_starts_with($domain, 'www.') || str_starts_with($domain, '*.')) {
			return false;
		}
		// A site's own host under the network domain is not a domain of its own.
		if ('' !== $network_domain && ($domain === $network_domain || str_ends_with($domain, '.' . $network_domain))) {
			return false;
		}
		$manager = '\WP_Ultimo\Managers\Domain_Manager';
		if (class_exists($manager) && method_exists($manager, 'should_create_www_subdomain')) {
			return (bool) $manager::get_instance()->should_create_www_subdomain($domain);
		}
		$setting = function_exists('wu_get_setting') ? (string) wu_get_setting('auto_create_www_subdomain', 'always') : 'always';
		switch ($setting) {
			case 'never':
				return false;
			case 'main_only':
				return self::is_main_domain($domain);
			default:
				return true;
		}
	}

	/** example.com and example.co.uk are main domains; shop.example.com is not. */
	public static function is_main_domain(string $domain): bool {
		$labels = explode('.', rtrim(strtolower(trim($domain)), '.'));
		if (count($labels) <= 2) {
			return true;
		}
		if (3 !== count($labels)) {
			return false;
		}
		$suffixes = function_exists('apply_filters') ? (array) apply_filters('wu_multi_part_tlds', self::MULTI_PART_TLDS) : self::MULTI_PART_TLDS;
		return in_array('.' . $labels[1] . '.' . $labels[2], $suffixes, true);
	}
}

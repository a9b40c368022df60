<?php
/**
 * The hosts the network wants on its panel: every domain Ultimate Multisite
 * maps (with its www name when the setting asks for it), and in a subdomain
 * network every site's own host.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * Reads the wanted list from the database, for bulk sync.
 */
final class Domain_List {

	/**
	 * @param bool $www Add www names as `auto_create_www_subdomain` says (Enhance).
	 * @return list<string>
	 */
	public static function network(bool $www): array {
		global $wpdb;
		$network = strtolower((string) get_network()->domain);
		$names   = [];
		$table   = $wpdb->base_prefix . 'wu_domain_mappings';
		if ($wpdb->get_var($wpdb->prepare('SHOW TABLES LIKE %s', $table)) === $table) {
			foreach ($wpdb->get_col("SELECT domain FROM `$table`") as $domain) { // phpcs:ignore WordPress.DB.PreparedSQL
				$domain           = strtolower((string) $domain);
				$names[ $domain ] = true;
				if ($www && Www::wanted($domain, $network)) {
					$names[ 'www.' . $domain ] = true;
				}
			}
		}
		if (is_subdomain_install()) {
			foreach (get_sites(['fields' => 'ids', 'number' => 0, 'network_id' => get_current_network_id()]) as $id) {
				$host = strtolower((string) get_site($id)->domain);
				if ($host !== $network) {
					$names[ $host ] = true;
				}
			}
		}
		return array_keys($names);
	}
}

<?php
/**
 * Test stand-in of Ultimate Multisite's domain functions (inc/functions/domain.php) and
 * of its domain table, {base_prefix}wu_domain_mappings (created on load if missing).
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

use WP_Ultimo\Models\Domain;

defined('ABSPATH') || exit;

/**
 * The domain table's name.
 */
function wu_domain_mappings_table(): string {

	global $wpdb;

	return $wpdb->base_prefix . 'wu_domain_mappings';
}

/**
 * A domain by id, or false.
 *
 * @param int $domain_id Id.
 * @return Domain|false
 */
function wu_get_domain($domain_id) {

	return Domain::get_by_id($domain_id);
}

/**
 * Queries domains (see Domain::query()).
 *
 * @param array $query Query.
 * @return Domain[]|int[]|int
 */
function wu_get_domains($query = []) {

	return Domain::query($query);
}

/**
 * A domain by its name, or false.
 *
 * @param string $domain Name.
 * @return Domain|false
 */
function wu_get_domain_by_domain($domain) {

	return Domain::get_by('domain', $domain);
}

/**
 * Creates a domain, then enqueues its stage processing (wu_async_process_domain_stage).
 *
 * @param array $domain_data Attributes.
 * @return Domain|\WP_Error
 */
function wu_create_domain($domain_data) {

	$domain_data = wp_parse_args(
		$domain_data,
		[
			'blog_id'        => false,
			'domain'         => false,
			'active'         => true,
			'primary_domain' => false,
			'secure'         => false,
			'stage'          => 'checking-dns',
			'date_created'   => wu_get_current_time('mysql', true),
			'date_modified'  => wu_get_current_time('mysql', true),
		]
	);

	$domain = new Domain($domain_data);

	$saved = $domain->save();

	if (is_wp_error($saved)) {
		return $saved;
	}

	wu_enqueue_async_action('wu_async_process_domain_stage', ['domain_id' => $domain->get_id()], 'domain');

	return $domain;
}

/**
 * Creates the domain table if missing.
 *
 * @return void
 */
function um_standin_install_domains_table() {

	global $wpdb;

	$table = wu_domain_mappings_table();

	if ($wpdb->get_var($wpdb->prepare('SHOW TABLES LIKE %s', $wpdb->esc_like($table))) === $table) {
		return;
	}

	$charset_collate = $wpdb->get_charset_collate();

	$wpdb->query( // phpcs:ignore WordPress.DB
		"CREATE TABLE IF NOT EXISTS $table (
			id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
			blog_id bigint(20) unsigned NOT NULL,
			domain varchar(191) NOT NULL,
			active tinyint(4) DEFAULT 1,
			primary_domain tinyint(4) DEFAULT 0,
			secure tinyint(4) DEFAULT 0,
			stage varchar(32) DEFAULT 'checking-dns',
			date_created datetime NULL DEFAULT NULL,
			date_modified datetime NULL DEFAULT NULL,
			PRIMARY KEY  (id),
			KEY blog_id (blog_id),
			KEY domain (domain)
		) $charset_collate"
	);
}

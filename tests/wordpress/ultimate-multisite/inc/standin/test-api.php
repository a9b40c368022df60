<?php
/**
 * The test API of the stand-in (functions that do not exist in Ultimate Multisite):
 * table creation, reset, and the hosting-integration wizard's configuration save.
 * See also um_standin_run_actions() / um_standin_actions() (action-scheduler.php) and
 * um_standin_builtin_calls() (recorder.php).
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

defined('ABSPATH') || exit;

/**
 * Creates the stand-in's tables if missing (done on every load).
 *
 * @return void
 */
function um_standin_install_tables() {

	um_standin_install_actions_table();

	um_standin_install_domains_table();
}

/**
 * Empties the main site's actions table and the domain table, forgets the built-in integrations'
 * recorded calls and deletes Ultimate Multisite's settings (wp-ultimo_settings).
 *
 * @return void
 */
function um_standin_reset() {

	global $wpdb;

	um_standin_install_tables();

	wu_switch_blog_and_run(fn() => $wpdb->query('TRUNCATE TABLE ' . um_standin_actions_table())); // phpcs:ignore WordPress.DB

	$wpdb->query('TRUNCATE TABLE ' . wu_domain_mappings_table()); // phpcs:ignore WordPress.DB

	$GLOBALS['um_standin_builtin_calls'] = [];

	delete_network_option(null, 'um_standin_builtin_calls');

	delete_network_option(null, 'wp-ultimo_settings');
}

/**
 * What the hosting-integration wizard's configuration step does when the form is
 * submitted with submit=1 (Hosting_Integration_Wizard_Admin_Page::handle_configuration()),
 * minus the nonce check and the redirect:
 *
 * - 2.4: the legacy integration from Domain_Manager::get_integration_instance(); for each
 *   key of get_fields() present in $post, sanitize_text_field(wp_unslash($post[$field]));
 *   then $integration->setup_constants($filtered_data) (which writes wp-config.php).
 * - 2.5: the registry's integration if it has this id, else the legacy one; the allowed
 *   fields also include the registry integration's capability modules' fields; then
 *   $integration->save_credentials($filtered_data), with no type check: as in Ultimate
 *   Multisite, a legacy provider without save_credentials() gets an \Error.
 *
 * @param string $integration_id The integration id.
 * @param array  $post           The submitted form ($_POST), slashed as WordPress leaves it.
 * @return mixed What setup_constants() / save_credentials() returned, or a WP_Error for an unknown id.
 */
function um_standin_wizard_save(string $integration_id, array $post) {

	$integration = false;

	if ('2.5' === um_standin_version()) {
		$integration = \WP_Ultimo\Integrations\Integration_Registry::get_instance()->get($integration_id);
	}

	if ( ! $integration) {
		$integration = \WP_Ultimo\Managers\Domain_Manager::get_instance()->get_integration_instance($integration_id);
	}

	if ( ! $integration) {
		return new \WP_Error('invalid-integration', __('Invalid Integration ID', 'ultimate-multisite'));
	}

	$allowed_fields = array_keys($integration->get_fields());

	if ($integration instanceof \WP_Ultimo\Integrations\Integration) {
		foreach (\WP_Ultimo\Integrations\Integration_Registry::get_instance()->get_capabilities($integration->get_id()) as $module) {
			$allowed_fields = array_merge($allowed_fields, array_keys($module->get_fields()));
		}
	}

	$filtered_data = [];

	foreach ($allowed_fields as $field) {
		if (isset($post[ $field ])) {
			$filtered_data[ $field ] = sanitize_text_field(wp_unslash($post[ $field ]));
		}
	}

	if ('2.5' === um_standin_version()) {
		return $integration->save_credentials($filtered_data);
	}

	return $integration->setup_constants($filtered_data);
}

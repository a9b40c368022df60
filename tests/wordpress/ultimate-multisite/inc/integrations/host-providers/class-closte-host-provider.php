<?php
/**
 * Test stand-in of WP_Ultimo\Integrations\Host_Providers\Closte_Host_Provider, the 2.4.x
 * built-in Closte integration. Same id, title, constant, supports, detect() and
 * signatures as the real class, and its 20 tries for the SSL stage; its domain methods call no API but record the call
 * (um_standin_record_builtin_call()); the subdomain methods, which do nothing in
 * Ultimate Multisite, only record. test_connection() answers success.
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Integrations\Host_Providers;

defined('ABSPATH') || exit;

class Closte_Host_Provider extends Base_Host_Provider {

	use \WP_Ultimo\Traits\Singleton;

	protected $id = 'closte';

	protected $title = 'Closte';

	protected $tutorial_link = 'https://github.com/superdav42/wp-multisite-waas/wiki/Closte-Integration';

	protected $supports = [
		'autossl',
		'no-instructions',
		'no-config',
	];

	protected $constants = [
		'CLOSTE_CLIENT_API_KEY',
	];

	/**
	 * As the base class, then the SSL stage's tries raised to 20 (Closte's
	 * certificates take a while).
	 */
	public function init(): void {

		parent::init();

		add_filter('wu_async_process_domain_stage_max_tries', [$this, 'ssl_tries'], 10, 2);
	}

	/**
	 * 20 tries for the SSL stage while the integration is enabled.
	 *
	 * @param int                      $max_tries Tries so far allowed.
	 * @param \WP_Ultimo\Models\Domain $domain    The domain.
	 * @return int
	 */
	public function ssl_tries($max_tries, $domain) {

		if ($this->is_enabled() && 'checking-ssl-cert' === $domain->get_stage()) {
			return 20;
		}

		return $max_tries;
	}

	public function detect() {

		return defined('CLOSTE_CLIENT_API_KEY') && CLOSTE_CLIENT_API_KEY;
	}

	public function on_add_domain($domain, $site_id): void {

		um_standin_record_builtin_call($this->get_id(), __FUNCTION__, $domain, $site_id, 'legacy');
	}

	public function on_remove_domain($domain, $site_id): void {

		um_standin_record_builtin_call($this->get_id(), __FUNCTION__, $domain, $site_id, 'legacy');
	}

	/**
	 * Does nothing in Ultimate Multisite (Closte needs no subdomain alias); recorded only.
	 */
	public function on_add_subdomain($subdomain, $site_id) {

		um_standin_record_builtin_call($this->get_id(), __FUNCTION__, $subdomain, $site_id, 'legacy');
	}

	/**
	 * Does nothing in Ultimate Multisite; recorded only.
	 */
	public function on_remove_subdomain($subdomain, $site_id) {

		um_standin_record_builtin_call($this->get_id(), __FUNCTION__, $subdomain, $site_id, 'legacy');
	}

	public function test_connection(): void {

		wp_send_json_success(['message' => __('Access Authorized', 'ultimate-multisite')]);
	}

	public function get_description() {

		return __('Closte is not just another web hosting but an advanced Powerful Cloud Platform built on top of Google Cloud.', 'ultimate-multisite');
	}

	public function get_logo() {

		return wu_get_asset('closte.svg', 'img/hosts');
	}
}

<?php
/**
 * Test stand-in of WP_Ultimo\Integrations\Providers\Closte\Closte_Domain_Mapping (2.5
 * generation capability module 'domain-mapping'). Hooks the four domain actions and
 * raises the SSL stage's max tries to 20 (filter wu_async_process_domain_stage_max_tries);
 * each domain method records the call and calls no API.
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Integrations\Providers\Closte;

use WP_Ultimo\Integrations\Base_Capability_Module;
use WP_Ultimo\Integrations\Capabilities\Domain_Mapping_Capability;

defined('ABSPATH') || exit;

class Closte_Domain_Mapping extends Base_Capability_Module implements Domain_Mapping_Capability {

	protected array $supported_features = ['autossl'];

	public function get_capability_id(): string {

		return 'domain-mapping';
	}

	public function get_title(): string {

		return __('Domain Mapping', 'ultimate-multisite');
	}

	public function register_hooks(): void {

		add_action('wu_add_domain', [$this, 'on_add_domain'], 10, 2);
		add_action('wu_remove_domain', [$this, 'on_remove_domain'], 10, 2);
		add_action('wu_add_subdomain', [$this, 'on_add_subdomain'], 10, 2);
		add_action('wu_remove_subdomain', [$this, 'on_remove_subdomain'], 10, 2);

		add_filter('wu_async_process_domain_stage_max_tries', [$this, 'ssl_tries'], 10, 2);
	}

	/**
	 * 20 tries for the SSL stage.
	 *
	 * @param int                       $max_tries Max tries.
	 * @param \WP_Ultimo\Models\Domain $domain    The domain.
	 * @return int
	 */
	public function ssl_tries($max_tries, $domain) {

		if ('checking-ssl-cert' === $domain->get_stage()) {
			$max_tries = 20;
		}

		return $max_tries;
	}

	public function on_add_domain(string $domain, int $site_id): void {

		um_standin_record_builtin_call('closte', __FUNCTION__, $domain, $site_id, 'registry');
	}

	public function on_remove_domain(string $domain, int $site_id): void {

		um_standin_record_builtin_call('closte', __FUNCTION__, $domain, $site_id, 'registry');
	}

	/**
	 * Nothing to do on Closte; recorded only.
	 */
	public function on_add_subdomain(string $subdomain, int $site_id): void {

		um_standin_record_builtin_call('closte', __FUNCTION__, $subdomain, $site_id, 'registry');
	}

	/**
	 * Nothing to do on Closte; recorded only.
	 */
	public function on_remove_subdomain(string $subdomain, int $site_id): void {

		um_standin_record_builtin_call('closte', __FUNCTION__, $subdomain, $site_id, 'registry');
	}
}

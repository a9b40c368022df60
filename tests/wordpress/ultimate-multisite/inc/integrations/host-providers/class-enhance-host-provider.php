<?php
/**
 * Test stand-in of WP_Ultimo\Integrations\Host_Providers\Enhance_Host_Provider, the 2.4.x
 * built-in Enhance integration. Same id, title, constants, supports, fields, detect()
 * and signatures as the real class; its domain methods call no API but record the call
 * (um_standin_record_builtin_call()), and test_connection() answers success.
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Integrations\Host_Providers;

defined('ABSPATH') || exit;

class Enhance_Host_Provider extends Base_Host_Provider {

	use \WP_Ultimo\Traits\Singleton;

	protected $id = 'enhance';

	protected $title = 'Enhance Control Panel';

	protected $tutorial_link = 'https://github.com/superdav42/wp-multisite-waas/wiki/Enhance-Integration';

	protected $supports = [
		'autossl',
		'no-instructions',
	];

	protected $constants = [
		'WU_ENHANCE_API_TOKEN',
		'WU_ENHANCE_API_URL',
		'WU_ENHANCE_ORG_ID',
		'WU_ENHANCE_WEBSITE_ID',
	];

	protected $optional_constants = [];

	public function detect(): bool {

		return defined('WU_ENHANCE_API_TOKEN') && WU_ENHANCE_API_TOKEN;
	}

	public function get_fields() {

		return [
			'WU_ENHANCE_API_TOKEN'  => [
				'type'        => 'password',
				'html_attr'   => ['autocomplete' => 'new-password'],
				'title'       => __('Enhance API Token', 'ultimate-multisite'),
				'desc'        => __('Your Enhance API token.', 'ultimate-multisite'),
				'placeholder' => __('Your API token', 'ultimate-multisite'),
			],
			'WU_ENHANCE_API_URL'    => [
				'title'       => __('Enhance API URL', 'ultimate-multisite'),
				'desc'        => __('The API URL of your Enhance control panel.', 'ultimate-multisite'),
				'placeholder' => __('e.g. https://your-enhance-server.com/api', 'ultimate-multisite'),
				'html_attr'   => ['id' => 'wu_enhance_api_url'],
			],
			'WU_ENHANCE_ORG_ID'     => [
				'title'       => __('Organization ID', 'ultimate-multisite'),
				'desc'        => __('The UUID of your organization.', 'ultimate-multisite'),
				'placeholder' => __('e.g. 00000000-0000-0000-0000-000000000000', 'ultimate-multisite'),
				'html_attr'   => ['id' => 'wu_enhance_org_id'],
			],
			'WU_ENHANCE_WEBSITE_ID' => [
				'title'       => __('Website ID', 'ultimate-multisite'),
				'desc'        => __('The UUID of the website of the network.', 'ultimate-multisite'),
				'placeholder' => __('e.g. 00000000-0000-0000-0000-000000000000', 'ultimate-multisite'),
			],
		];
	}

	public function on_add_domain($domain, $site_id): void {

		um_standin_record_builtin_call($this->get_id(), __FUNCTION__, $domain, $site_id, 'legacy');
	}

	public function on_remove_domain($domain, $site_id): void {

		um_standin_record_builtin_call($this->get_id(), __FUNCTION__, $domain, $site_id, 'legacy');
	}

	public function on_add_subdomain($subdomain, $site_id): void {

		um_standin_record_builtin_call($this->get_id(), __FUNCTION__, $subdomain, $site_id, 'legacy');
	}

	public function on_remove_subdomain($subdomain, $site_id): void {

		um_standin_record_builtin_call($this->get_id(), __FUNCTION__, $subdomain, $site_id, 'legacy');
	}

	public function test_connection(): void {

		wp_send_json_success(['message' => __('Connection successful', 'ultimate-multisite')]);
	}

	public function get_description() {

		return __('Enhance is a modern control panel that provides powerful hosting automation and management capabilities.', 'ultimate-multisite');
	}

	public function get_logo() {

		return wu_get_asset('enhance.svg', 'img/hosts');
	}

	public function get_explainer_lines() {

		$explainer_lines = [
			'will'     => [
				'send_domains' => __('Add domains to Enhance Control Panel whenever a new domain mapping gets created on your network', 'ultimate-multisite'),
				'autossl'      => __('SSL certificates will be automatically provisioned via LetsEncrypt when DNS resolves', 'ultimate-multisite'),
			],
			'will_not' => [],
		];

		if (is_subdomain_install()) {
			$explainer_lines['will']['send_sub_domains'] = __('Add subdomains to Enhance Control Panel whenever a new site gets created on your network', 'ultimate-multisite');
		}

		return $explainer_lines;
	}
}

<?php
/**
 * Test stand-in of WP_Ultimo\Integrations\Providers\Enhance\Enhance_Domain_Mapping (2.5
 * generation capability module 'domain-mapping'). Hooks the four domain actions; each
 * method records the call (um_standin_record_builtin_call()) and calls no API.
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Integrations\Providers\Enhance;

use WP_Ultimo\Integrations\Base_Capability_Module;
use WP_Ultimo\Integrations\Capabilities\Domain_Mapping_Capability;

defined('ABSPATH') || exit;

class Enhance_Domain_Mapping extends Base_Capability_Module implements Domain_Mapping_Capability {

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
	}

	public function get_explainer_lines(): array {

		return [
			'will'     => [
				'send_domains' => __('Add domains to Enhance Control Panel whenever a new domain mapping gets created on your network', 'ultimate-multisite'),
				'autossl'      => __('SSL certificates will be automatically provisioned via LetsEncrypt when DNS resolves', 'ultimate-multisite'),
			],
			'will_not' => [],
		];
	}

	public function on_add_domain(string $domain, int $site_id): void {

		um_standin_record_builtin_call('enhance', __FUNCTION__, $domain, $site_id, 'registry');
	}

	public function on_remove_domain(string $domain, int $site_id): void {

		um_standin_record_builtin_call('enhance', __FUNCTION__, $domain, $site_id, 'registry');
	}

	public function on_add_subdomain(string $subdomain, int $site_id): void {

		um_standin_record_builtin_call('enhance', __FUNCTION__, $subdomain, $site_id, 'registry');
	}

	public function on_remove_subdomain(string $subdomain, int $site_id): void {

		um_standin_record_builtin_call('enhance', __FUNCTION__, $subdomain, $site_id, 'registry');
	}
}

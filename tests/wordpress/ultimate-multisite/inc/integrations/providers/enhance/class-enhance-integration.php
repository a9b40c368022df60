<?php
/**
 * Test stand-in of WP_Ultimo\Integrations\Providers\Enhance\Enhance_Integration (2.5
 * generation core integration). test_connection() calls no API and returns true.
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Integrations\Providers\Enhance;

use WP_Ultimo\Integrations\Integration;

defined('ABSPATH') || exit;

class Enhance_Integration extends Integration {

	public function __construct() {

		parent::__construct('enhance', 'Enhance Control Panel');

		$this->set_description(__('Enhance is a modern control panel that provides powerful hosting automation and management capabilities.', 'ultimate-multisite'));
		$this->set_logo(wu_get_asset('enhance.svg', 'img/hosts'));
		$this->set_tutorial_link('https://ultimatemultisite.com/docs/user-guide/host-integrations/enhance');
		$this->set_constants(['WU_ENHANCE_API_TOKEN', 'WU_ENHANCE_API_URL', 'WU_ENHANCE_ORG_ID', 'WU_ENHANCE_WEBSITE_ID']);
		$this->set_supports(['autossl', 'no-instructions']);
	}

	public function detect(): bool {

		return defined('WU_ENHANCE_API_TOKEN') && WU_ENHANCE_API_TOKEN;
	}

	public function get_fields(): array {

		return [
			'WU_ENHANCE_API_TOKEN'  => [
				'type'        => 'password',
				'html_attr'   => ['autocomplete' => 'new-password'],
				'title'       => __('Enhance API Token', 'ultimate-multisite'),
				'placeholder' => __('Your API token', 'ultimate-multisite'),
			],
			'WU_ENHANCE_API_URL'    => [
				'title'       => __('Enhance API URL', 'ultimate-multisite'),
				'placeholder' => __('e.g. https://your-enhance-server.com/api', 'ultimate-multisite'),
				'html_attr'   => ['id' => 'wu_enhance_api_url'],
			],
			'WU_ENHANCE_ORG_ID'     => [
				'title'     => __('Organization ID', 'ultimate-multisite'),
				'html_attr' => ['id' => 'wu_enhance_org_id'],
			],
			'WU_ENHANCE_WEBSITE_ID' => [
				'title' => __('Website ID', 'ultimate-multisite'),
			],
		];
	}

	public function test_connection() {

		return true;
	}
}

<?php
/**
 * Closte for Ultimate Multisite 2.4: replaces its own Closte provider (same id).
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin\Providers;

use WuHosting\Plugin\Panel;

defined('ABSPATH') || exit;

/**
 * Closte through the native extension; nothing to configure on a Closte site.
 */
class Closte_Host_Provider extends \WP_Ultimo\Integrations\Host_Providers\Base_Host_Provider {

	use \WP_Ultimo\Traits\Singleton;
	use Legacy_Provider;

	protected $id                 = 'closte';
	protected $title              = 'Closte';
	protected $tutorial_link      = 'https://closte.com';
	protected $supports           = ['autossl', 'no-instructions', 'no-config'];
	protected $constants          = ['CLOSTE_CLIENT_API_KEY'];
	protected $optional_constants = ['WU_CLOSTE_API_URL'];

	public function panel(): Panel {
		return Panel::get(Panel::CLOSTE);
	}

	/** Enabled and set up: the SSL stage keeps Closte's 20 tries. */
	public function additional_hooks() {
		add_filter('wu_async_process_domain_stage_max_tries', [\WuHosting\Plugin\Providers::class, 'closte_ssl_tries'], 10, 2);
	}
}

<?php
/**
 * Enhance for Ultimate Multisite 2.4: replaces its own Enhance provider (same
 * id, so the "enabled" switch carries over).
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin\Providers;

use WuHosting\Plugin\Fields;
use WuHosting\Plugin\Panel;

defined('ABSPATH') || exit;

/**
 * Enhance through the native extension.
 */
class Enhance_Host_Provider extends \WP_Ultimo\Integrations\Host_Providers\Base_Host_Provider {

	use \WP_Ultimo\Traits\Singleton;
	use Legacy_Provider;

	protected $id            = 'enhance';
	protected $title         = 'Enhance Control Panel';
	protected $tutorial_link = 'https://apidocs.enhance.com';
	protected $supports      = ['autossl', 'no-instructions'];
	protected $constants     = ['WU_ENHANCE_API_TOKEN', 'WU_ENHANCE_API_URL', ['WU_ENHANCE_WEBSITE_ID', 'WU_ENHANCE_SERVER_ID']];
	protected $optional_constants = ['WU_ENHANCE_ORG_ID', 'WU_ENHANCE_WEBSITE_ID', 'WU_ENHANCE_SERVER_ID'];

	public function panel(): Panel {
		return Panel::get(Panel::ENHANCE);
	}
}

<?php
/**
 * Test stand-in of the WP_Ultimo main class, the WP_Ultimo() accessor and
 * WP_Ultimo\Admin_Notices (only what host providers use: is_loaded(), notices->add()).
 *
 * As in Ultimate Multisite, nothing loads until its setup wizard has finished (the
 * network option wu_setup_finished): until then is_loaded() is false and there are no
 * notices, no managers, no domain hooks and no wp_ultimo_host_providers_load.
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo {

	defined('ABSPATH') || exit;

	/**
	 * Keeps the admin notices added by integrations, so tests can read them.
	 */
	class Admin_Notices {

		/**
		 * Notices by panel, then by dismiss key.
		 *
		 * @var array
		 */
		protected $notices = [];

		/**
		 * Adds a notice, as Admin_Notices::add() does.
		 *
		 * @param string $notice         The message.
		 * @param string $type           info, warning, error or success.
		 * @param string $panel          admin, network-admin or user.
		 * @param bool   $dismissible_key A key to allow dismissing, or false.
		 * @param array  $actions        Buttons.
		 * @return void
		 */
		public function add($notice, $type = 'success', $panel = 'admin', $dismissible_key = false, $actions = []) {

			$key = $dismissible_key ? $dismissible_key : md5($notice);

			$this->notices[ $panel ][ $key ] = [
				'message'         => $notice,
				'type'            => $type,
				'dismissible_key' => $dismissible_key,
				'actions'         => $actions,
			];
		}

		/**
		 * Returns the notices of a panel, through the filter wu_admin_notices (notices,
		 * all notices by panel, panel, filter, dismissed keys); nothing is dismissed here.
		 *
		 * @param string $panel  The panel.
		 * @param bool   $filter Whether dismissed notices are left out.
		 * @return array
		 */
		public function get_notices($panel = 'admin', $filter = true) {

			$notices = $this->notices[ $panel ] ?? [];

			return apply_filters('wu_admin_notices', $notices, $this->notices, $panel, $filter, []);
		}
	}
}

namespace {

	defined('ABSPATH') || exit;

	/**
	 * The main class: loads the managers when the plugin file is included.
	 */
	final class WP_Ultimo {

		use \WP_Ultimo\Traits\Singleton;

		const VERSION = '2.4.13';

		/** The network option the setup wizard's last step sets (a timestamp). */
		const NETWORK_OPTION_SETUP_FINISHED = 'wu_setup_finished';

		/**
		 * Version of the imitated generation.
		 *
		 * @var string
		 */
		public $version;

		/**
		 * Admin notices.
		 *
		 * @var \WP_Ultimo\Admin_Notices
		 */
		public $notices;

		/**
		 * Whether everything loaded.
		 *
		 * @var bool
		 */
		protected $loaded = false;

		/**
		 * Once the setup wizard has finished: the notices, then the managers, registry
		 * first (2.5), then the domain manager, then wp_ultimo_load. Before: nothing.
		 */
		public function init(): void {

			$this->version = '2.5' === um_standin_version() ? '2.5.2' : self::VERSION;

			if ( ! get_network_option(null, self::NETWORK_OPTION_SETUP_FINISHED, false)) {
				return;
			}

			$this->loaded = true;

			$this->notices = new \WP_Ultimo\Admin_Notices();

			if (class_exists('\WP_Ultimo\Integrations\Integration_Registry')) {
				\WP_Ultimo\Integrations\Integration_Registry::get_instance()->init();
			}

			\WP_Ultimo\Managers\Domain_Manager::get_instance();

			do_action('wp_ultimo_load');
		}

		/**
		 * Whether the plugin loaded.
		 */
		public function is_loaded() {

			return $this->loaded;
		}
	}

	/**
	 * Returns the main instance.
	 *
	 * @return WP_Ultimo
	 */
	function WP_Ultimo() { // phpcs:ignore WordPress.NamingConventions.ValidFunctionName

		return WP_Ultimo::get_instance();
	}

	/**
	 * Returns the version of the imitated plugin.
	 */
	function wu_get_version() {

		return WP_Ultimo()->version;
	}
}

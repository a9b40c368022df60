<?php
/**
 * Test stand-in of the WP_Ultimo main class, the WP_Ultimo() accessor and
 * WP_Ultimo\Admin_Notices (only what host providers use: is_loaded(), notices->add()).
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
		 * Returns the notices of a panel.
		 *
		 * @param string $panel The panel.
		 * @return array
		 */
		public function get_notices($panel = 'admin') {

			return $this->notices[ $panel ] ?? [];
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
		 * Loads the managers, registry first (2.5), then the domain manager.
		 */
		public function init(): void {

			$this->version = '2.5' === um_standin_version() ? '2.5.2' : self::VERSION;

			$this->notices = new \WP_Ultimo\Admin_Notices();

			if (class_exists('\WP_Ultimo\Integrations\Integration_Registry')) {
				\WP_Ultimo\Integrations\Integration_Registry::get_instance()->init();
			}

			\WP_Ultimo\Managers\Domain_Manager::get_instance();

			$this->loaded = true;
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

<?php
/**
 * Enhance or Closte for Ultimate Multisite's 2.5 integration registry: takes
 * the place of its own integration of the same id.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin\Registry;

use WuHosting\Plugin\Fields;
use WuHosting\Plugin\Panel;

defined('ABSPATH') || exit;

/**
 * Credentials, fields and the connection test of one panel.
 */
class Hosting_Integration extends \WP_Ultimo\Integrations\Integration {

	private Panel $panel;

	public function __construct(Panel $panel) {
		parent::__construct($panel->id, $panel->integration_title());
		$this->panel = $panel;
		$this->set_description(Fields::description($panel));
		$this->set_constants($panel->required_constants());
		$this->set_optional_constants($panel->optional_constants());
		$this->set_supports($panel->supports());
		// What the 2.5 wizard saves lives in network options: the native calls get it as $config.
		$panel->use_credentials(fn () => $this->credentials());
	}

	/** Constant name => value, from the constant or the saved credential. */
	public function credentials(): array {
		$values = [];
		foreach (Fields::all_constants($this->panel) as $name) {
			$values[ $name ] = $this->get_credential($name);
		}
		return $values;
	}

	public function get_fields(): array {
		return $this->panel->settings_fields();
	}

	public function detect(): bool {
		return $this->panel->detect();
	}

	/** @return true|\WP_Error */
	public function test_connection() {
		[$ok, $message] = Fields::test($this->panel);
		return $ok ? true : new \WP_Error('wu-hosting-connection', $message);
	}
}

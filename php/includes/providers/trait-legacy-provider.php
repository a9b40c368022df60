<?php
/**
 * What the plugin's two Ultimate Multisite 2.4 providers share: the four domain
 * hooks handed to Domain_Sync, the connection test, the wizard fields, and the
 * safe wp-config.php writer in place of the wizard's unescaped one.
 *
 * Signatures follow the 2.4 base class: `: void` where it declares it, untyped
 * parameters on the hooks.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin\Providers;

use WuHosting\Plugin\Config_Writer;
use WuHosting\Plugin\Fields;
use WuHosting\Plugin\Panel;
use WuHosting\Plugin\Plugin;

defined('ABSPATH') || exit;

trait Legacy_Provider {

	/** The panel this provider talks to. */
	abstract public function panel(): Panel;

	public function detect(): bool {
		return $this->panel()->detect();
	}

	public function on_add_domain($domain, $site_id): void {
		Plugin::instance()->sync()->add_domain($this->panel(), (string) $domain, (int) $site_id);
	}

	public function on_remove_domain($domain, $site_id): void {
		Plugin::instance()->sync()->remove_domain($this->panel(), (string) $domain, (int) $site_id);
	}

	public function on_add_subdomain($subdomain, $site_id): void {
		Plugin::instance()->sync()->add_subdomain($this->panel(), (string) $subdomain, (int) $site_id);
	}

	public function on_remove_subdomain($subdomain, $site_id): void {
		Plugin::instance()->sync()->remove_subdomain($this->panel(), (string) $subdomain, (int) $site_id);
	}

	/** Answers Ultimate Multisite's AJAX connection test (it ends the request). */
	public function test_connection(): void {
		[$ok, $message] = Fields::test($this->panel());
		if ($ok) {
			wp_send_json_success(['message' => $message]);
		}
		wp_send_json_error(['message' => $message]);
	}

	public function get_fields() {
		return $this->panel()->settings_fields();
	}

	public function get_description() {
		return Fields::description($this->panel());
	}

	public function get_explainer_lines() {
		return Fields::explainer_lines($this->panel());
	}

	/**
	 * The wizard's "write them for me": through wu_hosting_write_constants(), so no
	 * value can break out of its string. A failure stops with its reason and a
	 * back link, and the form keeps what was typed.
	 */
	public function setup_constants(#[\SensitiveParameter] $constant_values): void {
		$values = array_intersect_key((array) $constant_values, array_flip(Fields::all_constants($this->panel())));
		try {
			Config_Writer::write($values);
		} catch (\WuHosting\Exception $e) {
			wp_die(esc_html($e->getMessage()), esc_html__('wp-config.php was not changed', 'wu-hosting'), ['back_link' => true, 'response' => 500]);
		}
	}

	/** The wizard's "I will do it myself" lines, values escaped. */
	public function get_constants_string(#[\SensitiveParameter] $constant_values) {
		$values = array_intersect_key((array) $constant_values, array_flip(Fields::all_constants($this->panel())));
		return Config_Writer::lines($values, $this->get_title());
	}
}

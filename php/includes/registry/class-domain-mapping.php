<?php
/**
 * The domain-mapping capability of Enhance or Closte for Ultimate Multisite's
 * 2.5 registry: takes the place of its own module (same capability id).
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin\Registry;

use WuHosting\Plugin\Fields;
use WuHosting\Plugin\Panel;
use WuHosting\Plugin\Plugin;

defined('ABSPATH') || exit;

/**
 * The four domain hooks, handed to Domain_Sync.
 */
class Domain_Mapping extends \WP_Ultimo\Integrations\Base_Capability_Module implements \WP_Ultimo\Integrations\Capabilities\Domain_Mapping_Capability {

	private Panel $panel;

	public function __construct(Panel $panel) {
		$this->panel              = $panel;
		$this->supported_features = ['autossl'];
	}

	public function get_capability_id(): string {
		return 'domain-mapping';
	}

	public function get_title(): string {
		return __('Domain mapping', 'wu-hosting');
	}

	public function register_hooks(): void {
		add_action('wu_add_domain', [$this, 'on_add_domain'], 10, 2);
		add_action('wu_remove_domain', [$this, 'on_remove_domain'], 10, 2);
		add_action('wu_add_subdomain', [$this, 'on_add_subdomain'], 10, 2);
		add_action('wu_remove_subdomain', [$this, 'on_remove_subdomain'], 10, 2);
		if ($this->panel->slow_certificates()) {
			// The SSL stage keeps the 20 tries of the Closte module ours replaces.
			add_filter('wu_async_process_domain_stage_max_tries', [\WuHosting\Plugin\Providers::class, 'closte_ssl_tries'], 10, 2);
		}
	}

	public function get_explainer_lines(): array {
		return Fields::explainer_lines($this->panel);
	}

	public function on_add_domain(string $domain, int $site_id): void {
		Plugin::instance()->sync()->add_domain($this->panel, $domain, $site_id);
	}

	public function on_remove_domain(string $domain, int $site_id): void {
		Plugin::instance()->sync()->remove_domain($this->panel, $domain, $site_id);
	}

	public function on_add_subdomain(string $subdomain, int $site_id): void {
		Plugin::instance()->sync()->add_subdomain($this->panel, $subdomain, $site_id);
	}

	public function on_remove_subdomain(string $subdomain, int $site_id): void {
		Plugin::instance()->sync()->remove_subdomain($this->panel, $subdomain, $site_id);
	}
}

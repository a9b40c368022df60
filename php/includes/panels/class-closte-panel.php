<?php
/**
 * Closte as the plugin sees it: the wu_closte_* native functions (a site's own
 * host is one more domain alias), and its integration in Ultimate Multisite's
 * wizard, which has nothing to fill in on a Closte site.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin\Panels;

use WuHosting\Plugin\Panel;

defined('ABSPATH') || exit;

/**
 * The Closte app and its domain aliases.
 */
final class Closte_Panel extends Panel {

	protected const ID    = self::CLOSTE;
	protected const TITLE = 'Closte';

	/** Setting names of the native $config array, by the constant that also holds them. */

	public function add_domain(string $domain): array {
		return wu_closte_add_domain($domain, $this->config());
	}

	public function remove_domain(string $domain): array {
		return wu_closte_remove_domain($domain, $this->config());
	}

	/** A site's own host is one more alias. */
	public function add_subdomain(string $host): array {
		return wu_closte_add_domain($host, $this->config());
	}

	public function remove_subdomain(string $host): array {
		return wu_closte_remove_domain($host, $this->config());
	}

	public function list_domains(): array {
		return wu_closte_list_domains($this->config());
	}

	public function test_connection(): array {
		return wu_closte_test_connection($this->config());
	}

	public function sync(array $domains, array $options = []): array {
		return wu_closte_sync($domains, $options, $this->config());
	}

	/** The API key, from its constant (wu_closte_detect()) or the stored credentials. */
	public function detect(): bool {
		return wu_closte_is_configured($this->config());
	}

	/** The plugin sends what Ultimate Multisite's own Closte integration sends: the mapped name only. */
	public function wants_www(): bool {
		return false;
	}

	public function knows_server_ips(): bool {
		return false;
	}

	/** Closte issues its certificates itself. */
	public function issues_certificates(): bool {
		return false;
	}

	public function issue_certificate(string $domain): array {
		throw new \InvalidArgumentException(__('Certificates are issued by the panel itself on Closte.', 'wu-hosting'));
	}

	/** Closte's certificates take a while: Ultimate Multisite's own Closte code gives the SSL stage 20 tries. */
	public function slow_certificates(): bool {
		return true;
	}

	public function required_constants(): array {
		return ['CLOSTE_CLIENT_API_KEY'];
	}

	public function optional_constants(): array {
		return ['WU_CLOSTE_API_URL'];
	}

	public function supports(): array {
		return ['autossl', 'no-instructions', 'no-config'];
	}

	public function integration_title(): string {
		return 'Closte';
	}

	/** Nothing to fill in: Closte defines the key on its sites. */
	public function settings_fields(): array {
		return [];
	}

	public function connection_message(array $answer): string {
		return sprintf(__('Connected to Closte: %d domain aliases.', 'wu-hosting'), $answer['domains']);
	}
}

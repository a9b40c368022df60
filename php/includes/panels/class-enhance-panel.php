<?php
/**
 * Enhance as the plugin sees it: the wu_enhance_* native functions, the
 * settings its integration asks for in Ultimate Multisite's wizard, www names
 * and the Let's Encrypt certificates the status page can ask for.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin\Panels;

use WuHosting\Plugin\Discovery;
use WuHosting\Plugin\Panel;

defined('ABSPATH') || exit;

/**
 * The Enhance control panel: the network's website and its domain aliases.
 */
final class Enhance_Panel extends Panel {

	protected const ID    = self::ENHANCE;
	protected const TITLE = 'Enhance';

	/** Setting names of the native $config array, by the constant that also holds them. */

	public function add_domain(string $domain): array {
		return wu_enhance_add_domain($domain, $this->config());
	}

	public function remove_domain(string $domain): array {
		return wu_enhance_remove_domain($domain, $this->config());
	}

	public function add_subdomain(string $host): array {
		return wu_enhance_add_subdomain($host, $this->config());
	}

	public function remove_subdomain(string $host): array {
		return wu_enhance_remove_subdomain($host, $this->config());
	}

	public function list_domains(): array {
		return wu_enhance_list_domains($this->config());
	}

	public function test_connection(): array {
		return wu_enhance_test_connection($this->config());
	}

	public function sync(array $domains, array $options = []): array {
		return wu_enhance_sync($domains, $options, $this->config());
	}

	/** The token and the API URL, each from its constant or else the stored credentials (the extension decides). */
	public function detect(): bool {
		return wu_enhance_is_configured($this->config());
	}

	/** Enhance needs each www name as its own alias. */
	public function wants_www(): bool {
		return true;
	}

	public function knows_server_ips(): bool {
		return true;
	}

	public function issues_certificates(): bool {
		return true;
	}

	public function issue_certificate(string $domain): array {
		return wu_enhance_issue_ssl($domain, $this->config());
	}

	public function slow_certificates(): bool {
		return false;
	}

	public function required_constants(): array {
		return ['WU_ENHANCE_API_TOKEN', 'WU_ENHANCE_API_URL', ['WU_ENHANCE_WEBSITE_ID', 'WU_ENHANCE_SERVER_ID']];
	}

	public function optional_constants(): array {
		return ['WU_ENHANCE_ORG_ID', 'WU_ENHANCE_WEBSITE_ID', 'WU_ENHANCE_SERVER_ID'];
	}

	public function supports(): array {
		return ['autossl', 'no-instructions'];
	}

	public function integration_title(): string {
		return 'Enhance Control Panel';
	}

	/** The token, the API URL, and the ids, with the "Find my ids" button. */
	public function settings_fields(): array {
		return [
			'WU_ENHANCE_API_TOKEN'  => [
				'title'       => __('Enhance access token', 'wu-hosting'),
				'desc'        => __('Create it in Enhance under Settings > Access tokens, for the organisation that owns the network\'s website.', 'wu-hosting'),
				'type'        => 'password',
				'placeholder' => '',
				'html_attr'   => ['autocomplete' => 'new-password', 'id' => 'wu_enhance_api_token'],
			],
			'WU_ENHANCE_API_URL'    => [
				'title'       => __('Enhance API URL', 'wu-hosting'),
				'desc'        => __('Your panel\'s address followed by /api/.', 'wu-hosting'),
				'placeholder' => 'https://panel.example.com/api/',
				'html_attr'   => ['id' => 'wu_enhance_api_url'],
			],
			'WU_ENHANCE_SERVER_ID'  => [
				'title'       => __('Server id (optional)', 'wu-hosting'),
				'desc'        => __('The id of the server that runs this network (Enhance > Servers). With it, the ids below can be found for you.', 'wu-hosting'),
				'placeholder' => '00000000-0000-0000-0000-000000000000',
				'html_attr'   => ['id' => 'wu_enhance_server_id'],
			],
			'wu_hosting_find_ids'   => [
				'type'  => 'note',
				'title' => __('Find my ids', 'wu-hosting'),
				'desc'  => Discovery::button(),
			],
			'WU_ENHANCE_ORG_ID'     => [
				'title'       => __('Organisation id', 'wu-hosting'),
				'desc'        => __('Optional when the website id is set: it is found from the token.', 'wu-hosting'),
				'placeholder' => '00000000-0000-0000-0000-000000000000',
				'html_attr'   => ['id' => 'wu_enhance_org_id'],
			],
			'WU_ENHANCE_WEBSITE_ID' => [
				'title'       => __('Website id', 'wu-hosting'),
				'desc'        => __('The Enhance website that serves this network.', 'wu-hosting'),
				'placeholder' => '00000000-0000-0000-0000-000000000000',
				'html_attr'   => ['id' => 'wu_enhance_website_id'],
			],
		];
	}

	public function connection_message(array $answer): string {
		return sprintf(__('Connected to Enhance: website %1$s (%2$s) with %3$d domains.', 'wu-hosting'), $answer['website_id'], $answer['website_domain'], $answer['domains']);
	}
}

<?php
/**
 * What each panel's integration shows in Ultimate Multisite's wizard: the
 * fields (keyed by constant name), the description and the "will / will not"
 * lines. Shared by the 2.4 providers and the 2.5 integrations.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * Wizard texts and fields.
 */
final class Fields {

	/** Constants a panel needs; an inner list means "one of these". */
	public static function constants(Panel $panel): array {
		return Panel::ENHANCE === $panel->id
			? ['WU_ENHANCE_API_TOKEN', 'WU_ENHANCE_API_URL', ['WU_ENHANCE_WEBSITE_ID', 'WU_ENHANCE_SERVER_ID']]
			: ['CLOSTE_CLIENT_API_KEY'];
	}

	/** Constants a panel may use. */
	public static function optional_constants(Panel $panel): array {
		return Panel::ENHANCE === $panel->id ? ['WU_ENHANCE_ORG_ID', 'WU_ENHANCE_WEBSITE_ID', 'WU_ENHANCE_SERVER_ID'] : ['WU_CLOSTE_API_URL'];
	}

	/** Features, as Ultimate Multisite's own integrations declare them. */
	public static function supports(Panel $panel): array {
		return Panel::ENHANCE === $panel->id ? ['autossl', 'no-instructions'] : ['autossl', 'no-instructions', 'no-config'];
	}

	public static function title(Panel $panel): string {
		return Panel::ENHANCE === $panel->id ? 'Enhance Control Panel' : 'Closte';
	}

	public static function description(Panel $panel): string {
		return sprintf(
			/* translators: %s: panel name */
			__('Sends every domain this network maps to %s through the native wu_hosting extension: idempotent, retried when the panel is down, and every failure shown to network admins.', 'wu-hosting'),
			$panel->title
		);
	}

	/** @return array{will: array<string, string>, will_not: array<string, string>} */
	public static function explainer_lines(Panel $panel): array {
		$will = [
			'send_domains' => sprintf(__('Send the domains mapped on this network to %s, once each', 'wu-hosting'), $panel->title),
			'autossl'      => sprintf(__('Let %s fetch and install a Let\'s Encrypt certificate for each domain', 'wu-hosting'), $panel->title),
			'retry'        => __('Retry a call that failed because the panel was unreachable or busy, and show the domains that still failed', 'wu-hosting'),
		];
		if (Panel::ENHANCE === $panel->id) {
			$will['www'] = __('Add www names as the "Create www subdomain automatically" setting says', 'wu-hosting');
		}
		if (is_subdomain_install()) {
			$will['send_sub_domains'] = sprintf(__('Send the address of each new site to %s', 'wu-hosting'), $panel->title);
		}
		return ['will' => $will, 'will_not' => []];
	}

	/** Wizard fields, keyed by constant name (Ultimate Multisite form field arrays). */
	public static function fields(Panel $panel): array {
		if (Panel::ENHANCE !== $panel->id) {
			return [];
		}
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

	/** Flattens constants() and adds optional_constants(), without repeats. */
	public static function all_constants(Panel $panel): array {
		$all = [];
		foreach (self::constants($panel) as $entry) {
			foreach ((array) $entry as $name) {
				$all[] = $name;
			}
		}
		return array_values(array_unique(array_merge($all, self::optional_constants($panel))));
	}

	/** The AJAX connection test's answer: [true, message] or [false, message]. */
	public static function test(Panel $panel): array {
		try {
			$r = $panel->test_connection();
		} catch (\WuHosting\Exception $e) {
			return [false, $e->getMessage()];
		}
		$message = Panel::ENHANCE === $panel->id
			? sprintf(__('Connected to Enhance: website %1$s (%2$s) with %3$d domains.', 'wu-hosting'), $r['website_id'], $r['website_domain'], $r['domains'])
			: sprintf(__('Connected to Closte: %d domain aliases.', 'wu-hosting'), $r['domains']);
		return [true, $message];
	}
}

<?php
/**
 * What each panel's integration shows in Ultimate Multisite's wizard besides
 * what its panel class tells (the fields, constants and features): the
 * description, the "will / will not" lines, every constant it reads and the
 * connection test's answer. Shared by the 2.4 providers and the 2.5
 * integrations.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * Wizard texts and fields.
 */
final class Fields {

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
		if ($panel->wants_www()) {
			$will['www'] = __('Add www names as the "Create www subdomain automatically" setting says', 'wu-hosting');
		}
		if (is_subdomain_install()) {
			$will['send_sub_domains'] = sprintf(__('Send the address of each new site to %s', 'wu-hosting'), $panel->title);
		}
		return ['will' => $will, 'will_not' => []];
	}

	/** Flattens the panel's required constants and adds its optional ones, without repeats. */
	public static function all_constants(Panel $panel): array {
		$all = [];
		foreach ($panel->required_constants() as $entry) {
			foreach ((array) $entry as $name) {
				$all[] = $name;
			}
		}
		return array_values(array_unique(array_merge($all, $panel->optional_constants())));
	}

	/** The AJAX connection test's answer: [true, message] or [false, message]. */
	public static function test(Panel $panel): array {
		try {
			$r = $panel->test_connection();
		} catch (\WuHosting\Exception $e) {
			return [false, $e->getMessage()];
		}
		return [true, $panel->connection_message($r)];
	}
}

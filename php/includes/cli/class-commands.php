<?php
/**
 * Registers the `wp wu-hosting` commands with WP-CLI.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin\Cli;

defined('ABSPATH') || exit;

/**
 * `wp wu-hosting enhance|closte|check`.
 */
final class Commands {

	public static function register(): void {
		\WP_CLI::add_command('wu-hosting enhance', Enhance_Command::class, ['shortdesc' => 'Manages the network website\'s domains on Enhance.']);
		\WP_CLI::add_command('wu-hosting closte', Closte_Command::class, ['shortdesc' => 'Manages the Closte app\'s domain aliases.']);
		\WP_CLI::add_command('wu-hosting check', Check_Command::class, ['shortdesc' => 'Checks that domains are ready: DNS and SSL.']);
		\WP_CLI::add_command('wu-hosting status', Status_Command::class, ['shortdesc' => 'Shows every domain of the network on its panel: DNS, certificate, failures.']);
	}
}

<?php
/**
 * `wp wu-hosting closte ...`
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin\Cli;

use WuHosting\Plugin\Panel;

defined('ABSPATH') || exit;

/**
 * Manages the Closte app's domain aliases.
 */
final class Closte_Command extends Command {

	protected string $panel = Panel::CLOSTE;

	/**
	 * Checks CLOSTE_CLIENT_API_KEY by reading the aliases; changes nothing.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : table, json, csv or yaml.
	 * ---
	 * default: table
	 * ---
	 */
	public function test($args, $assoc_args): void {
		try {
			$r = wu_closte_test_connection($this->config());
		} catch (\WuHosting\Exception $e) {
			$this->fail($e);
			return;
		}
		$this->output($assoc_args, [$r], ['ok', 'domains']);
		\WP_CLI::success(sprintf('Connected to Closte: %d domain aliases.', $r['domains']));
	}

	/**
	 * Adds domain aliases (`*.example.com` wildcards too); idempotent.
	 *
	 * ## OPTIONS
	 *
	 * <domain>...
	 * : One or more domain names.
	 *
	 * [--format=<format>]
	 * : table, json, csv or yaml.
	 * ---
	 * default: table
	 * ---
	 */
	public function add($args, $assoc_args): void {
		$this->change('add', $args, $assoc_args, fn ($d) => wu_closte_add_domain($d, $this->config()), 'Closte');
	}

	/**
	 * Removes domain aliases; idempotent.
	 *
	 * ## OPTIONS
	 *
	 * <domain>...
	 * : One or more domain names.
	 *
	 * [--format=<format>]
	 * : table, json, csv or yaml.
	 * ---
	 * default: table
	 * ---
	 */
	public function remove($args, $assoc_args): void {
		$this->change('remove', $args, $assoc_args, fn ($d) => wu_closte_remove_domain($d, $this->config()), 'Closte');
	}

	/**
	 * Lists the app's domain aliases.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : table, json, csv or yaml.
	 * ---
	 * default: table
	 * ---
	 *
	 * @subcommand list
	 */
	public function list_($args, $assoc_args): void {
		try {
			$domains = wu_closte_list_domains($this->config());
		} catch (\WuHosting\Exception $e) {
			$this->fail($e);
			return;
		}
		$this->output($assoc_args, $domains, ['domain', 'wildcard']);
	}
}

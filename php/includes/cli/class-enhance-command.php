<?php
/**
 * `wp wu-hosting enhance ...`
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin\Cli;

use WuHosting\Plugin\Panel;

defined('ABSPATH') || exit;

/**
 * Manages the network website's domains on Enhance.
 */
final class Enhance_Command extends Command {

	protected string $panel = Panel::ENHANCE;

	/**
	 * Checks the Enhance settings by reading the website; changes nothing.
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
			$r = wu_enhance_test_connection($this->config());
		} catch (\WuHosting\Exception $e) {
			$this->fail($e);
			return;
		}
		$this->output($assoc_args, [$r], ['org_id', 'website_id', 'website_domain', 'domains']);
		\WP_CLI::success(sprintf('Connected to Enhance: website %s (%s), %d domains.', $r['website_id'], $r['website_domain'], $r['domains']));
	}

	/**
	 * Finds the organisation and website ids from the token, the URL and
	 * DOMAIN_CURRENT_SITE (and WU_ENHANCE_SERVER_ID when set).
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : table, json, csv or yaml.
	 * ---
	 * default: table
	 * ---
	 */
	public function discover($args, $assoc_args): void {
		try {
			$found = wu_enhance_discover($this->config());
		} catch (\WuHosting\Exception $e) {
			$this->fail($e);
			return;
		}
		$this->output($assoc_args, $found, ['org_id', 'org_name', 'website_id', 'domain', 'server_id']);
		if (1 === count($found)) {
			\WP_CLI::success(sprintf("Put these in wp-config.php: define( 'WU_ENHANCE_ORG_ID', '%s' ); define( 'WU_ENHANCE_WEBSITE_ID', '%s' );", $found[0]['org_id'], $found[0]['website_id']));
		}
	}

	/**
	 * Maps domains onto the network website (idempotent).
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
		$this->change('add', $args, $assoc_args, fn ($d) => wu_enhance_add_domain($d, $this->config()), 'Enhance');
	}

	/**
	 * Removes domains from the network website (idempotent).
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
		$this->change('remove', $args, $assoc_args, fn ($d) => wu_enhance_remove_domain($d, $this->config()), 'Enhance');
	}

	/**
	 * Lists the network website's domains and their certificates.
	 *
	 * ## OPTIONS
	 *
	 * [--fields=<fields>]
	 * : Columns to show.
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
			$domains = wu_enhance_list_domains($this->config());
		} catch (\WuHosting\Exception $e) {
			$this->fail($e);
			return;
		}
		$rows = array_map(
			fn ($d) => [
				'domain'      => $d['domain'],
				'id'          => $d['id'],
				'kind'        => $d['kind'],
				'ssl'         => null === $d['ssl'] ? 'none' : ($d['ssl']['placeholder'] ? 'placeholder' : $d['ssl']['issuer']),
				'ssl_expires' => $d['ssl']['expires'] ?? null,
			],
			$domains
		);
		$this->output($assoc_args, $rows, ['domain', 'kind', 'ssl', 'ssl_expires']);
	}

	/**
	 * Shows Enhance's view of one domain: DNS status and certificate.
	 *
	 * ## OPTIONS
	 *
	 * <domain>
	 * : The domain.
	 *
	 * [--format=<format>]
	 * : table, json, csv or yaml.
	 * ---
	 * default: table
	 * ---
	 */
	public function status($args, $assoc_args): void {
		try {
			$s = wu_enhance_domain_status($args[0], $this->config());
		} catch (\WuHosting\Exception $e) {
			$this->fail($e);
			return;
		}
		$row = [
			'domain'      => $s['domain'],
			'dns'         => $s['dns'],
			'ssl'         => null === $s['ssl'] ? 'none' : ($s['placeholder'] ? 'placeholder' : $s['ssl']['issuer']),
			'ssl_expires' => $s['ssl']['expires'] ?? null,
		];
		$this->output($assoc_args, [$row], ['domain', 'dns', 'ssl', 'ssl_expires']);
	}

	/**
	 * Brings the website's aliases in line with the network: one listing, then the
	 * difference, concurrently.
	 *
	 * ## OPTIONS
	 *
	 * [<domain>...]
	 * : The full list of wanted domains. Default: every domain Ultimate Multisite
	 * maps (with www names as auto_create_www_subdomain says), and the site hosts
	 * of a subdomain network.
	 *
	 * [--file=<file>]
	 * : Read the wanted domains from a file, one per line.
	 *
	 * [--prune]
	 * : Also remove aliases that are not wanted (never the website's own domains).
	 *
	 * [--keep=<domains>]
	 * : Comma-separated names never pruned.
	 *
	 * [--dry-run]
	 * : Show what would change; change nothing.
	 *
	 * [--concurrency=<n>]
	 * : Most requests in flight.
	 *
	 * [--rate=<per-second>]
	 * : Most requests per second (0: no limit).
	 *
	 * [--format=<format>]
	 * : table, json, csv or yaml.
	 * ---
	 * default: table
	 * ---
	 */
	public function sync($args, $assoc_args): void {
		$this->run_sync(fn ($domains, $options) => wu_enhance_sync($domains, $options, $this->config()), $this->wanted($args, $assoc_args, true), $assoc_args);
	}
}

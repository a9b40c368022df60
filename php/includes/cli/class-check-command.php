<?php
/**
 * `wp wu-hosting check dns|ssl <domain>...`
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin\Cli;

use WuHosting\Plugin\Readiness;

defined('ABSPATH') || exit;

/**
 * Whether domains are ready: DNS pointing at the network, a valid certificate.
 */
final class Check_Command extends Command {

	/**
	 * Checks that each domain's A/AAAA records (through CNAMEs) reach the network.
	 *
	 * ## OPTIONS
	 *
	 * <domain>...
	 * : One or more domain names.
	 *
	 * [--expect=<targets>]
	 * : Comma-separated IPs or host names to accept. Default: the network's domain
	 * and the addresses of the wu_hosting_dns_expect filter.
	 *
	 * [--format=<format>]
	 * : table, json, csv or yaml.
	 * ---
	 * default: table
	 * ---
	 */
	public function dns($args, $assoc_args): void {
		$expect = isset($assoc_args['expect'])
			? array_values(array_filter(array_map('trim', explode(',', (string) $assoc_args['expect']))))
			: Readiness::expected_targets();
		try {
			$rows = array_values(wu_dns_check_many($args, $expect, Readiness::dns_options()));
		} catch (\WuHosting\Exception $e) {
			$this->fail($e);
			return;
		}
		$this->output($assoc_args, $rows, ['domain', 'ok', 'reason', 'a', 'aaaa', 'cname', 'matched']);
		$bad = count(array_filter($rows, fn ($r) => !$r['ok']));
		$this->conclude($bad, count($rows), sprintf('%d domains point at the network.', count($rows)));
	}

	/**
	 * Checks that each domain serves a valid certificate (Enhance's placeholder
	 * counts as not yet).
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
	public function ssl($args, $assoc_args): void {
		try {
			$rows = array_values(wu_ssl_check_many($args, Readiness::ssl_options()));
		} catch (\WuHosting\Exception $e) {
			$this->fail($e);
			return;
		}
		$this->output($assoc_args, $rows, ['domain', 'ok', 'reason', 'issuer', 'not_after', 'days_left']);
		$bad = count(array_filter($rows, fn ($r) => !$r['ok']));
		$this->conclude($bad, count($rows), sprintf('%d domains have a valid certificate.', count($rows)));
	}
}

<?php
/**
 * `wp wu-hosting status`: the table of the "Domains on the panel" page in the
 * shell, from the same stored checks.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin\Cli;

use WuHosting\Plugin\Status_Checks;
use WuHosting\Plugin\Status_Table;

defined('ABSPATH') || exit;

/**
 * Shows each name the network wants on its panel, and each alias it no longer wants.
 */
final class Status_Command extends Command {

	/**
	 * Prints the state of every name: on the panel, DNS, certificate, Ultimate
	 * Multisite's stage, the last failure, what to do. The DNS and certificate
	 * columns come from the last background check (--refresh runs it first).
	 *
	 * ## OPTIONS
	 *
	 * [--needs-attention]
	 * : Only the names that are not fine.
	 *
	 * [--refresh]
	 * : List the panel and check DNS and certificates now, then print.
	 *
	 * [--fields=<fields>]
	 * : Columns to show.
	 *
	 * [--format=<format>]
	 * : table, json, csv or yaml.
	 * ---
	 * default: table
	 * ---
	 */
	public function __invoke($args, $assoc_args): void {
		if (null === Status_Checks::panel()) {
			\WP_CLI::error('No hosting panel is configured: define the Enhance or Closte settings in wp-config.php.');
		}
		if (\WP_CLI\Utils\get_flag_value($assoc_args, 'refresh', false)) {
			\WuHosting\Plugin\Plugin::instance()->status_checks()->refresh();
			$error = \WuHosting\Plugin\Plugin::instance()->status_checks()->get()['error'];
			if ($error) {
				\WP_CLI::error('The refresh failed: ' . $error);
			}
		}
		$rows = Status_Table::current()->rows();
		$all  = Status_Table::summary($rows);
		if (\WP_CLI\Utils\get_flag_value($assoc_args, 'needs-attention', false)) {
			$rows = Status_Table::needing_attention($rows);
		}
		$this->output($assoc_args, $rows, Status_Table::FIELDS);
		\WP_CLI::log(sprintf('%d fine, %d waiting, %d broken, of %d names.', $all['fine'], $all['waiting'], $all['broken'], $all['total']));
	}
}

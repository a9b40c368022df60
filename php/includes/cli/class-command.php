<?php
/**
 * What the wu-hosting commands share: output through WP-CLI's formatter, errors
 * through WP_CLI::error, a progress bar for work over many domains.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin\Cli;

use WuHosting\Plugin\Domain_List;
use WuHosting\Plugin\Panel;

defined('ABSPATH') || exit;

/**
 * Base of the command classes.
 */
abstract class Command {

	/** The panel of the command ('' for checks). */
	protected string $panel = '';

	/** From this many domains on, work shows a progress bar. */
	public const PROGRESS_FROM = 10;

	/**
	 * Prints rows with WP-CLI's formatter (--format=table|json|csv|yaml; --fields).
	 *
	 * @param list<array<string, mixed>> $items
	 * @param list<string>               $fields Default columns.
	 */
	protected function output(array $assoc_args, array $items, array $fields): void {
		$format = (string) \WP_CLI\Utils\get_flag_value($assoc_args, 'format', 'table');
		if (!in_array($format, ['table', 'json', 'csv', 'yaml', 'ids', 'count'], true)) {
			\WP_CLI::error("Unknown --format '$format'; use table, json, csv or yaml.");
		}
		if (isset($assoc_args['fields'])) {
			$fields = array_map('trim', explode(',', (string) $assoc_args['fields']));
		}
		if (in_array($format, ['table', 'csv'], true)) {
			$items = array_map([self::class, 'flatten'], $items);
		}
		\WP_CLI\Utils\format_items($format, $items, $fields);
	}

	/** The native $config of the command's panel (credentials saved by Ultimate Multisite 2.5). */
	protected function config(): ?array {
		return '' === $this->panel ? null : Panel::get($this->panel)->config();
	}

	/** Lists and booleans as text, for table and CSV cells. */
	private static function flatten(array $row): array {
		foreach ($row as $k => $v) {
			if (is_array($v)) {
				$row[ $k ] = array_is_list($v) ? implode(', ', array_map('strval', $v)) : wp_json_encode($v);
			} elseif (is_bool($v)) {
				$row[ $k ] = $v ? 'yes' : 'no';
			} elseif (null === $v) {
				$row[ $k ] = '';
			}
		}
		return $row;
	}

	/** Stops with the exception's message (WP_CLI::error exits non-zero). */
	protected function fail(\Throwable $e): void {
		$class = get_class($e);
		\WP_CLI::error(sprintf('%s (%s)', $e->getMessage(), substr($class, (int) strrpos($class, '\\') + 1)));
	}

	/**
	 * Runs $fn once per domain, with a progress bar from PROGRESS_FROM domains on;
	 * a failure is a row with its error, never the end of the run.
	 *
	 * @param list<string>                 $domains
	 * @param callable(string): array      $fn
	 * @param callable(string, array): array $row Turns an answer into a row.
	 * @return array{0: list<array>, 1: int} Rows, and the number of failures.
	 */
	protected function each(array $domains, string $label, callable $fn, callable $row): array {
		$bar    = count($domains) >= self::PROGRESS_FROM ? \WP_CLI\Utils\make_progress_bar($label, count($domains)) : null;
		$rows   = [];
		$failed = 0;
		foreach ($domains as $domain) {
			try {
				$rows[] = $row($domain, $fn($domain));
			} catch (\WuHosting\Exception $e) {
				++$failed;
				$rows[] = [
					'domain' => $domain,
					'result' => 'failed',
					'error'  => $e->getMessage(),
				];
			}
			if ($bar) {
				$bar->tick();
			}
		}
		if ($bar) {
			$bar->finish();
		}
		return [$rows, $failed];
	}

	/**
	 * Adds or removes each domain, one row per domain, then says how it went.
	 *
	 * @param 'add'|'remove'          $op
	 * @param list<string>            $domains
	 * @param callable(string): array $fn The native call for one domain.
	 */
	protected function change(string $op, array $domains, array $assoc_args, callable $fn, string $where): void {
		$adding          = 'add' === $op;
		[$rows, $failed] = $this->each(
			$domains,
			$adding ? 'Adding domains' : 'Removing domains',
			$fn,
			fn ($d, $r) => [
				'domain' => $r['domain'],
				'result' => $adding ? ($r['created'] ? 'added' : 'already there') : ($r['removed'] ? 'removed' : 'was not there'),
				'error'  => null,
			]
		);
		$this->output($assoc_args, $rows, ['domain', 'result', 'error']);
		$this->conclude($failed, count($domains), sprintf('%d domains %s %s.', count($domains) - $failed, $adding ? 'on' : 'off', $where));
	}

	/** Ends a run over many domains: success, or an error naming how many failed. */
	protected function conclude(int $failed, int $total, string $done): void {
		if ($failed > 0) {
			\WP_CLI::error(sprintf('%d of %d domains failed; see the error column.', $failed, $total));
		}
		\WP_CLI::success($done);
	}

	/** Runs a sync with a progress bar fed by the extension's progress callback. */
	protected function run_sync(callable $sync, array $domains, array $assoc_args): void {
		$options = [
			'prune'   => (bool) \WP_CLI\Utils\get_flag_value($assoc_args, 'prune', false),
			'dry_run' => (bool) \WP_CLI\Utils\get_flag_value($assoc_args, 'dry-run', false),
		];
		if (isset($assoc_args['keep'])) {
			$options['keep'] = array_values(array_filter(array_map('trim', explode(',', (string) $assoc_args['keep']))));
		}
		if (isset($assoc_args['concurrency'])) {
			$options['concurrency'] = (int) $assoc_args['concurrency'];
		}
		if (isset($assoc_args['rate'])) {
			$options['rate'] = (float) $assoc_args['rate'];
		}
		$bar                 = null;
		$options['progress'] = function (int $done, int $total) use (&$bar): void {
			if (null === $bar && $total > 0) {
				$bar = \WP_CLI\Utils\make_progress_bar('Syncing domains', $total);
			}
			if ($bar && $done > 0) {
				$bar->tick();
			}
		};
		try {
			$result = $sync($domains, $options);
		} catch (\WuHosting\Exception $e) {
			$this->fail($e);
			return;
		}
		if ($bar) {
			$bar->finish();
		}
		$this->output($assoc_args, $result['entries'], ['domain', 'action', 'error']);
		$t = $result['totals'];
		$this->conclude(
			(int) $t['failed'],
			(int) $t['total'],
			sprintf(
				'%s%d added, %d removed, %d kept, %d failed in %.2f s.',
				$result['dry_run'] ? 'Dry run: ' : '',
				$t['added'],
				$t['removed'],
				$t['kept'],
				$t['failed'],
				$result['seconds']
			)
		);
	}

	/**
	 * The domains a sync is about: the ones named, else those of --file (one per
	 * line), else every domain the network maps (and site hosts, subdomain mode).
	 *
	 * @return list<string>
	 */
	protected function wanted(array $args, array $assoc_args, bool $www): array {
		if ($args) {
			return array_values($args);
		}
		if (isset($assoc_args['file'])) {
			$file  = (string) $assoc_args['file'];
			$lines = is_readable($file) ? file($file, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) : false;
			if (false === $lines) {
				\WP_CLI::error("Cannot read --file '$file'.");
			}
			return array_values(array_filter(array_map('trim', $lines), fn ($l) => '' !== $l && '#' !== $l[0]));
		}
		return Domain_List::network($www);
	}
}

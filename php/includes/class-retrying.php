<?php
/**
 * Panel calls that failed for a passing reason and wait in the retry queue: the
 * last failure of each name and when it is tried next, kept in a network option
 * for the status page until the call succeeds or fails for good.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * The calls that wait for their next try.
 */
final class Retrying {

	public const OPTION = 'wu_hosting_retrying';

	/** @return array<string, array> Keyed by "panel:domain". */
	public function all(): array {
		$all = get_site_option(self::OPTION, []);
		return is_array($all) ? $all : [];
	}

	/** Keeps the failure of $job, to be tried again at $next (a timestamp). */
	public function record(string $panel, array $job, \Throwable $e, int $next): void {
		$all                                  = $this->all();
		$all[ $panel . ':' . $job['domain'] ] = Failures::entry($panel, $job, $e) + ['next' => $next];
		update_site_option(self::OPTION, $all);
	}

	/** Drops the entry of a name whose call succeeded, failed for good or was dropped. */
	public function resolve(string $panel, string $domain): void {
		$all = $this->all();
		if (isset($all[ $panel . ':' . $domain ])) {
			unset($all[ $panel . ':' . $domain ]);
			update_site_option(self::OPTION, $all);
		}
	}
}

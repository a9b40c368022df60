<?php
/**
 * Later tries of a panel call that failed for a passing reason: through Action
 * Scheduler (group `wu-hosting`) when it is loaded, as it is with Ultimate
 * Multisite, else through WP-Cron. Always on the network's main site.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * Schedules `wu_hosting_retry` with the job as its one argument.
 */
final class Retry_Queue {

	public const HOOK  = 'wu_hosting_retry';
	public const GROUP = 'wu-hosting';

	/** Which queue retries go to: 'action-scheduler' or 'wp-cron'. */
	public function backend(): string {
		$default = function_exists('as_schedule_single_action') ? 'action-scheduler' : 'wp-cron';
		/**
		 * Filters the queue that carries retries.
		 *
		 * @param string $backend 'action-scheduler' (when loaded) or 'wp-cron'.
		 */
		$backend = apply_filters('wu_hosting_retry_backend', $default);
		return 'action-scheduler' === $backend && function_exists('as_schedule_single_action') ? 'action-scheduler' : 'wp-cron';
	}

	/**
	 * Queues $job to run in $delay seconds; returns the backend used.
	 */
	public function schedule(array $job, int $delay): string {
		$backend  = $this->backend();
		$when     = time() + max(1, $delay);
		$switched = is_multisite() && !is_main_site();
		if ($switched) {
			switch_to_blog(get_main_site_id());
		}
		try {
			if ('action-scheduler' === $backend) {
				as_schedule_single_action($when, self::HOOK, [$job], self::GROUP);
			} else {
				wp_schedule_single_event($when, self::HOOK, [$job]);
			}
		} finally {
			if ($switched) {
				restore_current_blog();
			}
		}
		return $backend;
	}

	/**
	 * How many times a call is tried in all, the first included (default 6).
	 */
	public static function max_attempts(): int {
		/**
		 * Filters how many times a panel call is tried before it is shown as failed.
		 *
		 * @param int $attempts Default 6: the first try and five retries.
		 */
		return max(1, (int) apply_filters('wu_hosting_retry_max_attempts', 6));
	}

	/**
	 * Seconds before try number $attempt + 1: 1, 2, 4, 8… minutes, at most an hour.
	 */
	public static function delay(int $attempt): int {
		$delay = (int) min(HOUR_IN_SECONDS, MINUTE_IN_SECONDS * (2 ** max(0, $attempt - 1)));
		/**
		 * Filters the wait before a retry.
		 *
		 * @param int $delay   Seconds.
		 * @param int $attempt The try that just failed (1 for the first).
		 */
		return max(1, (int) apply_filters('wu_hosting_retry_delay', $delay, $attempt));
	}
}

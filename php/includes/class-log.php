<?php
/**
 * Where the plugin's lines go: Ultimate Multisite's log (Ultimate Multisite >
 * Logs, channels integration-enhance and integration-closte) when it is there,
 * else PHP's error_log. The extension's per-request lines arrive here too.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * Writes log lines; never a token or key (the extension scrubs its lines, the
 * plugin's own lines name domains and exception messages only).
 */
final class Log {

	/** Hands the extension's request lines to this log for the rest of the request. */
	public static function attach(): void {
		wu_hosting_set_logger([self::class, 'request']);
	}

	/**
	 * Receives one line per panel request from the extension.
	 *
	 * @param string $line   e.g. "Enhance POST /api/orgs/…/domains 201 12.3 ms".
	 * @param array  $record panel, method, path, status, millis, attempt, error, level.
	 */
	public static function request(string $line, array $record = []): void {
		$panel = isset($record['panel']) ? Panel::named((string) $record['panel']) : null;
		$level = (string) ($record['level'] ?? 'info');
		self::write($panel ? $panel->channel : 'wu-hosting', $line, $level);
	}

	/** A line of the plugin's own about one panel. */
	public static function panel(Panel $panel, string $message, string $level = 'info'): void {
		self::write($panel->channel, $message, $level);
	}

	/** Writes to Ultimate Multisite's log, else error_log. */
	public static function write(string $channel, string $message, string $level = 'info'): void {
		if (function_exists('wu_log_add')) {
			wu_log_add($channel, $message, $level);
			return;
		}
		error_log("wu-hosting [$channel] $level: $message"); // phpcs:ignore WordPress.PHP.DevelopmentFunctions
	}
}

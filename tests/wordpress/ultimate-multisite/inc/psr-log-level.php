<?php
/**
 * Test stand-in of Psr\Log\LogLevel, which Ultimate Multisite bundles (psr/log).
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace Psr\Log;

defined('ABSPATH') || exit;

if ( ! class_exists(__NAMESPACE__ . '\LogLevel', false)) {
	/**
	 * PSR-3 log levels.
	 */
	class LogLevel {
		const EMERGENCY = 'emergency';
		const ALERT     = 'alert';
		const CRITICAL  = 'critical';
		const ERROR     = 'error';
		const WARNING   = 'warning';
		const NOTICE    = 'notice';
		const INFO      = 'info';
		const DEBUG     = 'debug';
	}
}

<?php
/**
 * Test stand-in of WP_Ultimo\Logger (inc/class-logger.php): same file location,
 * line format, level filtering and hooks as the real logger. It does not extend
 * Psr\Log\AbstractLogger (not available here) but has the same log() method.
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo;

use Psr\Log\LogLevel;

defined('ABSPATH') || exit;

class Logger {

	use \WP_Ultimo\Traits\Singleton;

	/**
	 * The log file being written.
	 *
	 * @var string
	 */
	protected $log_file = '';

	/**
	 * The logs folder, <main site uploads>/wu-logs/ (with a trailing slash).
	 *
	 * @return string
	 */
	public static function get_logs_folder() {

		return wu_maybe_create_folder('wu-logs');
	}

	/**
	 * Adds a line "[Y-m-d H:i:s] [LEVEL] message" to <handle>.log.
	 *
	 * @param string           $handle    Log channel.
	 * @param string|\WP_Error $message   Message.
	 * @param string           $log_level PSR-3 level.
	 * @return void
	 */
	public static function add($handle, $message, $log_level = LogLevel::INFO) {

		$allowed_log_level = wu_get_setting('error_logging_level', 'default');

		if ('disabled' === $allowed_log_level) {
			return;
		}

		if ('default' === $allowed_log_level) {
			$reporting_level = error_reporting();

			$psr_log_levels = [
				E_ERROR             => LogLevel::ERROR,
				E_WARNING           => LogLevel::WARNING,
				E_PARSE             => LogLevel::ERROR,
				E_NOTICE            => LogLevel::NOTICE,
				E_CORE_ERROR        => LogLevel::CRITICAL,
				E_CORE_WARNING      => LogLevel::WARNING,
				E_COMPILE_ERROR     => LogLevel::ALERT,
				E_COMPILE_WARNING   => LogLevel::WARNING,
				E_USER_ERROR        => LogLevel::ERROR,
				E_USER_WARNING      => LogLevel::WARNING,
				E_USER_NOTICE       => LogLevel::NOTICE,
				2048                => LogLevel::DEBUG, // E_STRICT.
				E_RECOVERABLE_ERROR => LogLevel::ERROR,
				E_DEPRECATED        => LogLevel::NOTICE,
				E_USER_DEPRECATED   => LogLevel::NOTICE,
			];

			$current_log_levels = [];

			foreach ($psr_log_levels as $php_level => $psr_level) {
				if ($reporting_level & $php_level) {
					$current_log_levels[] = $psr_level;
				}
			}

			if ( ! in_array($log_level, $current_log_levels, true) && ($reporting_level & ~E_ALL)) {
				return;
			}
		} elseif ('errors' === $allowed_log_level && LogLevel::ERROR !== $log_level && LogLevel::CRITICAL !== $log_level) {
			return;
		}

		$instance = self::get_instance();

		$instance->set_log_file(self::get_logs_folder() . "/$handle.log");

		if (is_wp_error($message)) {
			$message = $message->get_error_message();
		}

		$instance->log($log_level, $message);

		do_action('wu_log_add', $handle, $message);
	}

	/**
	 * The last $lines lines of a log.
	 *
	 * @param string $handle Log channel.
	 * @param int    $lines  How many.
	 * @return array
	 */
	public static function read_lines($handle, $lines = 10) {

		$file = self::get_logs_folder() . "/$handle.log";

		if ( ! file_exists($file)) {
			return [];
		}

		$arr_content = explode(PHP_EOL, (string) file_get_contents($file));

		if (empty(end($arr_content))) {
			array_pop($arr_content);
		}

		return array_slice($arr_content, -$lines);
	}

	/**
	 * Deletes a log.
	 *
	 * @param string $handle Log channel.
	 * @return void
	 */
	public static function clear($handle) {

		$file = self::get_logs_folder() . "/$handle.log";

		if (file_exists($file)) {
			@unlink($file); // phpcs:ignore
		}

		do_action('wu_log_clear', $handle);
	}

	/**
	 * Runs a callback and logs how long it took.
	 *
	 * @param string   $handle   Log channel.
	 * @param string   $message  Message.
	 * @param callable $callback Callback.
	 * @return mixed
	 */
	public static function track_time($handle, $message, $callback) {

		$start = microtime(true);

		$return = call_user_func($callback);

		$message .= ' - ' . sprintf('This action took %s seconds.', microtime(true) - $start);

		self::add($handle, $message);

		return $return;
	}

	/**
	 * Sets the file log() writes to.
	 *
	 * @param string $log_file Path.
	 * @return void
	 */
	public function set_log_file($log_file) {

		$this->log_file = $log_file;
	}

	/**
	 * PSR-3 log(): invalid levels are dropped silently.
	 *
	 * @param mixed  $level   Level.
	 * @param string $message Message.
	 * @param array  $context Context (unused).
	 * @return void
	 */
	public function log($level, $message, array $context = []) {

		$valid = [LogLevel::EMERGENCY, LogLevel::ALERT, LogLevel::CRITICAL, LogLevel::ERROR, LogLevel::WARNING, LogLevel::NOTICE, LogLevel::INFO, LogLevel::DEBUG];

		if ( ! in_array($level, $valid, true)) {
			return;
		}

		$date = new \DateTime();

		$line = sprintf('[%s] [%s] %s' . PHP_EOL, $date->format('Y-m-d H:i:s'), strtoupper($level), $message);

		if ( ! file_exists($this->log_file)) {
			touch($this->log_file);
		}

		if ( ! is_writable($this->log_file)) {
			return;
		}

		file_put_contents($this->log_file, $line, FILE_APPEND | LOCK_EX);
	}
}

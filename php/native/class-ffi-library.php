<?php
/**
 * The wu_hosting library loaded through PHP's FFI, for hosts where the
 * extension cannot be installed: each wu_* function of php/native/ffi.php
 * becomes one call of the library's C ABI (JSON in, JSON out; see
 * php/native/wu_hosting.h and the README).
 *
 * @package WuHosting
 */

declare(strict_types=1);

namespace WuHosting\Native;

/**
 * Loads the library once per process and turns calls into JSON requests and
 * answers back into values or exceptions.
 */
final class Ffi_Library
{
	/** The file the library is loaded from when nothing else is set. */
	public const DEFAULT_FILE = 'wu_hosting.so';

	/** Key under which a value JSON cannot hold (an object) names its type. */
	private const OPAQUE_KEY = "\0type";

	/** @var \FFI|null the loaded library, for the process {@see self::$pid} */
	private static ?\FFI $ffi = null;

	private static ?int $pid = null;

	/** @var string|null why the library could not be loaded in this process */
	private static ?string $failure = null;

	/** @var array{constants: list<string>, ini: list<string>}|null */
	private static ?array $settings = null;

	/** @var callable|null the logger set with wu_hosting_set_logger() */
	private static $logger = null;

	/**
	 * The library file: the WU_HOSTING_FFI_LIBRARY constant, else the
	 * WU_HOSTING_FFI_LIBRARY environment variable, else wu_hosting.so in PHP's
	 * extension directory.
	 */
	public static function library_path(): string
	{
		if (defined('WU_HOSTING_FFI_LIBRARY') && is_string(constant('WU_HOSTING_FFI_LIBRARY')) && constant('WU_HOSTING_FFI_LIBRARY') !== '') {
			return (string) constant('WU_HOSTING_FFI_LIBRARY');
		}
		$env = getenv('WU_HOSTING_FFI_LIBRARY');
		if (is_string($env) && $env !== '') {
			return $env;
		}
		return rtrim((string) ini_get('extension_dir'), '/') . '/' . self::DEFAULT_FILE;
	}

	/** The C declarations the library is loaded with. */
	public static function header_path(): string
	{
		return __DIR__ . '/wu_hosting.h';
	}

	/**
	 * Why FFI mode cannot work, judged without loading the library (FFI
	 * missing or disabled, header or library file missing); null when it may.
	 */
	public static function precondition_failure(): ?string
	{
		if (!extension_loaded('ffi') || !class_exists('FFI', false)) {
			return "PHP's FFI extension is not loaded: install it (Debian: the php-ffi part of php-common, enabled with extension=ffi) or install the wu_hosting extension itself.";
		}
		$enable = strtolower(trim((string) ini_get('ffi.enable')));
		if (in_array($enable, ['0', '', 'off', 'false', 'no'], true)) {
			return 'ffi.enable is off: set ffi.enable=1 in php.ini (or install the wu_hosting extension).';
		}
		if ($enable === 'preload' && PHP_SAPI !== 'cli') {
			return "ffi.enable is 'preload', which allows FFI only in preloaded scripts and on the command line: set ffi.enable=1 in php.ini (or install the wu_hosting extension).";
		}
		if (!is_readable(self::header_path())) {
			return self::header_path() . ' is missing or unreadable: reinstall the plugin.';
		}
		$library = self::library_path();
		if (!is_file($library)) {
			return "The wu_hosting library $library does not exist: copy libwu_hosting.so there, or define WU_HOSTING_FFI_LIBRARY in wp-config.php (or set the WU_HOSTING_FFI_LIBRARY environment variable) to its path.";
		}
		if (!is_readable($library)) {
			return "The wu_hosting library $library cannot be read by PHP's user: fix its permissions.";
		}
		return null;
	}

	/**
	 * Why FFI mode is unavailable, for an admin notice, or null when the
	 * library is loaded and usable. Loads the library when it is not yet.
	 */
	public static function unavailable_reason(): ?string
	{
		return self::load();
	}

	/** The declarations of the header, without preprocessor lines (FFI::cdef takes none). */
	public static function declarations(): string
	{
		$header = (string) file_get_contents(self::header_path());
		$lines = array_filter(explode("\n", $header), static fn (string $l): bool => !str_starts_with(ltrim($l), '#'));
		return implode("\n", $lines);
	}

	/** The loaded library, made once per process (again after a fork). */
	public static function ffi(): \FFI
	{
		$why = self::load();
		if ($why !== null || self::$ffi === null) {
			$class = class_exists(\WuHosting\Exception::class, false) ? \WuHosting\Exception::class : \RuntimeException::class;
			throw new $class((string) $why);
		}
		return self::$ffi;
	}

	/** Loads the library unless this process has; why it cannot be, or null. */
	private static function load(): ?string
	{
		$pid = getmypid();
		if (self::$pid !== $pid) {
			self::$pid = $pid;
			self::$ffi = null;
			self::$failure = null;
			self::$settings = null;
		}
		if (self::$ffi !== null) {
			return null;
		}
		if (self::$failure === null) {
			self::$failure = self::precondition_failure();
		}
		if (self::$failure === null) {
			$library = self::library_path();
			try {
				self::$ffi = \FFI::cdef(self::declarations(), $library);
			} catch (\Throwable $e) {
				self::$failure = "FFI could not load the wu_hosting library $library ({$e->getMessage()}): check that it is the libwu_hosting.so of this plugin's version, built for this machine, or point WU_HOSTING_FFI_LIBRARY at it.";
			}
		}
		return self::$failure;
	}

	/** @return array{constants: list<string>, ini: list<string>, max_depth: int} the settings the library reads, and how deep arrays may nest */
	public static function settings(): array
	{
		$ffi = self::ffi();
		if (self::$settings === null) {
			$decoded = json_decode(self::take($ffi, $ffi->wu_hosting_settings()), true);
			self::$settings = [
				'constants' => array_values(array_filter((array) ($decoded['constants'] ?? []), 'is_string')),
				'ini' => array_values(array_filter((array) ($decoded['ini'] ?? []), 'is_string')),
				'max_depth' => (int) ($decoded['max_depth'] ?? 32),
			];
		}
		return self::$settings;
	}

	/** wu_hosting_set_logger(): sets (or, with null, removes) the logger of this request. */
	public static function set_logger(mixed $logger): void
	{
		if ($logger !== null && !is_callable($logger)) {
			throw self::config_error('wu_hosting_set_logger() takes a callable, or null to remove the logger');
		}
		self::$logger = $logger;
	}

	/**
	 * Calls $function of the library with the PHP arguments $args; returns what
	 * the extension's function returns, or throws what it throws.
	 *
	 * @param list<mixed> $args
	 * @param int|null    $options_at index of a sync's $options in $args (its
	 *                                progress callable is passed as the callback)
	 */
	public static function call(string $function, #[\SensitiveParameter] array $args, ?int $options_at = null): mixed
	{
		$ffi = self::ffi();
		$progress = null;
		if ($options_at !== null && is_array($args[$options_at] ?? null) && ($args[$options_at]['progress'] ?? null) !== null) {
			$given = $args[$options_at]['progress'];
			if (is_callable($given)) {
				$progress = $given;
				$args[$options_at]['progress'] = true;
			} else {
				$args[$options_at]['progress'] = [self::OPAQUE_KEY => 'not callable'];
			}
		}
		$logger = self::$logger;
		try {
			$request = json_encode(
				[
					'args' => self::plain($args, 0),
					'constants' => (object) self::constants(),
					'ini' => (object) self::ini(),
					'log' => $logger !== null,
				],
				JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION
			);
		} catch (\JsonException $e) {
			throw self::located(new \WuHosting\ConfigException("$function(): the arguments cannot be sent ({$e->getMessage()}); strings must be UTF-8 text"));
		}

		$thrown = null;
		$callback = $progress === null ? null : static function (int $done, int $total) use ($progress, &$thrown): bool {
			try {
				$progress($done, $total);
				return true;
			} catch (\Throwable $e) {
				$thrown = $e;
				return false;
			}
		};
		$answer = self::take($ffi, $ffi->wu_hosting_call($function, $request, $callback));
		if ($thrown !== null) {
			// As with the extension: the progress callable's exception reaches the caller.
			throw $thrown;
		}

		$decoded = json_decode($answer, true);
		if (!is_array($decoded)) {
			throw self::located(new \WuHosting\Exception("$function(): the library answered with something that is not JSON"));
		}
		$log_error = null;
		if ($logger !== null) {
			foreach ((array) ($decoded['log'] ?? []) as $record) {
				$line = (string) ($record['line'] ?? '');
				unset($record['line']);
				try {
					$logger($line, $record);
				} catch (\Throwable $e) {
					// A logger that throws receives no more lines; its exception reaches the caller.
					$log_error = $e;
					break;
				}
			}
		}
		if ($log_error !== null) {
			// As with the extension: the logger's exception wins over the call's own.
			throw $log_error;
		}
		if (isset($decoded['error']) && is_array($decoded['error'])) {
			throw self::located(self::exception($decoded['error']));
		}
		return $decoded['ok'] ?? null;
	}

	/** The library's version. */
	public static function version(): string
	{
		return (string) self::ffi()->wu_hosting_version();
	}

	/** Copies a string the library returned and releases it. */
	private static function take(\FFI $ffi, mixed $pointer): string
	{
		if (!$pointer instanceof \FFI\CData) {
			throw new \WuHosting\Exception('The wu_hosting library returned no answer');
		}
		try {
			return \FFI::string($pointer);
		} finally {
			$ffi->wu_hosting_free($pointer);
		}
	}

	/** @return array<string, string|int|float> the constants the library reads that are defined */
	private static function constants(): array
	{
		$out = [];
		foreach (self::settings()['constants'] as $name) {
			if (defined($name)) {
				$value = constant($name);
				if (is_string($value) || is_int($value) || is_float($value)) {
					$out[$name] = $value;
				}
			}
		}
		return $out;
	}

	/** @return array<string, string> the library's ini settings given to PHP (php.ini, -d) */
	private static function ini(): array
	{
		$out = [];
		foreach (self::settings()['ini'] as $name) {
			$value = get_cfg_var($name);
			if (is_string($value)) {
				$out[$name] = $value;
			}
		}
		return $out;
	}

	/** $value with objects and resources replaced by stand-ins that name their type. */
	private static function plain(#[\SensitiveParameter] mixed $value, int $depth): mixed
	{
		if (is_array($value)) {
			if ($depth >= self::settings()['max_depth']) {
				return [self::OPAQUE_KEY => 'Array'];
			}
			foreach ($value as $k => $v) {
				$value[$k] = self::plain($v, $depth + 1);
			}
			return $value;
		}
		if (is_object($value)) {
			return [self::OPAQUE_KEY => get_class($value)];
		}
		if (is_resource($value) || gettype($value) === 'resource (closed)') {
			return [self::OPAQUE_KEY => 'Resource'];
		}
		if (is_float($value) && !is_finite($value)) {
			return (string) $value;
		}
		return $value;
	}

	/** The exception an answer's error object describes. */
	private static function exception(array $error): \WuHosting\Exception
	{
		$class = (string) ($error['class'] ?? '');
		if (!is_a($class, \WuHosting\Exception::class, true)) {
			$class = \WuHosting\Exception::class;
		}
		$e = new $class((string) ($error['message'] ?? ''), (int) ($error['code'] ?? 0));
		if ($e instanceof \WuHosting\ApiException) {
			$e->errorCode = isset($error['errorCode']) ? (string) $error['errorCode'] : null;
			$e->panelMessage = isset($error['panelMessage']) ? (string) $error['panelMessage'] : null;
		}
		return $e;
	}

	/** A ConfigException located at the caller, as the extension's are. */
	public static function config_error(string $message): \WuHosting\ConfigException
	{
		$e = new \WuHosting\ConfigException($message);
		self::located($e);
		return $e;
	}

	/** $e with the file and line of the code that called the wu_* function, as the extension's have. */
	private static function located(\Throwable $e): \Throwable
	{
		foreach (debug_backtrace(DEBUG_BACKTRACE_IGNORE_ARGS) as $frame) {
			if (isset($frame['file']) && $frame['file'] !== __FILE__ && $frame['file'] !== __DIR__ . '/ffi.php') {
				$file = $frame['file'];
				$line = $frame['line'] ?? 0;
				(function () use ($file, $line): void {
					$this->file = $file;
					$this->line = $line;
				})->call($e);
				break;
			}
		}
		return $e;
	}
}

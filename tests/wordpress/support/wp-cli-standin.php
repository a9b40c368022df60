<?php
/**
 * A recording stand-in of WP-CLI's documented API, for tests (WP-CLI itself is
 * not installed here): WP_CLI::add_command, success, error (exits by throwing),
 * warning, log, line; WP_CLI\Utils\format_items, make_progress_bar,
 * get_flag_value. WP_CLI::run('wu-hosting enhance add a.test --format=json')
 * dispatches a command line the way WP-CLI does: a command class's public
 * methods are its subcommands (or the name in an `@subcommand` tag; a class with
 * __invoke is one command without subcommands), called with
 * ($args, $assoc_args), and the `## OPTIONS` synopsis is checked for required
 * arguments.
 */

namespace {

	/** WP_CLI::error() ends a command; the stand-in throws this instead of exit(1). */
	final class WP_CLI_Exit extends \Exception {}

	final class WP_CLI {

		/** @var array<string, array{class: string, args: array}> */
		public static array $commands = [];

		/** @var list<array{0: string, 1: string}> What the command said: [kind, message]. */
		public static array $said = [];

		/** @var list<array{format: string, items: array, fields: array, output: string}> */
		public static array $formatted = [];

		/** @var list<array{message: string, count: int, ticks: int, finished: bool}> */
		public static array $progress = [];

		public static function add_command(string $name, $callable, array $args = []): bool {
			self::$commands[ $name ] = ['class' => $callable, 'args' => $args];
			return true;
		}

		public static function success(string $message): void {
			self::$said[] = ['success', $message];
		}

		public static function error($message, $exit = true): void {
			$message      = $message instanceof \WP_Error ? $message->get_error_message() : (string) $message;
			self::$said[] = ['error', $message];
			if ($exit) {
				throw new WP_CLI_Exit($message, 1);
			}
		}

		public static function warning(string $message): void {
			self::$said[] = ['warning', $message];
		}

		public static function log(string $message): void {
			self::$said[] = ['log', $message];
		}

		public static function line(string $message = ''): void {
			self::$said[] = ['line', $message];
		}

		/** Forgets what earlier commands said. */
		public static function reset(): void {
			self::$said      = [];
			self::$formatted = [];
			self::$progress  = [];
		}

		/**
		 * Runs a command line; returns its exit status (0, or 1 after WP_CLI::error).
		 */
		public static function run(string $line): int {
			$words = str_getcsv($line, ' ');
			$words = array_values(array_filter($words, fn ($w) => '' !== $w));
			$name  = null;
			foreach (self::$commands as $registered => $_) {
				$parts = explode(' ', $registered);
				if (array_slice($words, 0, count($parts)) === $parts && (null === $name || strlen($registered) > strlen($name))) {
					$name = $registered;
				}
			}
			if (null === $name) {
				self::$said[] = ['error', "'$line' is not a registered wp command."];
				return 1;
			}
			$rest  = array_slice($words, count(explode(' ', $name)));
			$class = self::$commands[ $name ]['class'];
			// A class with __invoke is one command, without subcommands.
			$subcommand = method_exists($class, '__invoke') ? '__invoke' : array_shift($rest);
			$args       = [];
			$assoc      = [];
			foreach ($rest as $word) {
				if (str_starts_with($word, '--')) {
					$pair                 = explode('=', substr($word, 2), 2);
					$assoc[ $pair[0] ] = $pair[1] ?? true;
				} else {
					$args[] = $word;
				}
			}
			$method = '__invoke' === $subcommand ? new \ReflectionMethod($class, '__invoke') : self::method($class, (string) $subcommand);
			if (null === $method) {
				self::$said[] = ['error', "'$subcommand' is not a registered subcommand of '$name'."];
				return 1;
			}
			$required = preg_match_all('/^\s*\*\s*<[^>]+>/m', (string) $method->getDocComment());
			if (count($args) < $required) {
				self::$said[] = ['error', 'Too few positional arguments.'];
				return 1;
			}
			try {
				$method->invoke(new $class(), $args, $assoc);
			} catch (WP_CLI_Exit $e) {
				return 1;
			}
			return 0;
		}

		private static function method(string $class, string $subcommand): ?\ReflectionMethod {
			foreach ((new \ReflectionClass($class))->getMethods(\ReflectionMethod::IS_PUBLIC) as $m) {
				if ($m->isStatic() || $m->isConstructor() || str_starts_with($m->getName(), '__')) {
					continue;
				}
				$named = preg_match('/@subcommand\s+(\S+)/', (string) $m->getDocComment(), $match) ? $match[1] : $m->getName();
				if ($named === $subcommand) {
					return $m;
				}
			}
			return null;
		}

		/** The messages of one kind. @return list<string> */
		public static function said(string $kind): array {
			return array_values(array_map(fn ($s) => $s[1], array_filter(self::$said, fn ($s) => $s[0] === $kind)));
		}
	}

	if (!defined('WP_CLI')) {
		define('WP_CLI', true);
	}
}

namespace WP_CLI\Utils {

	/** As WP-CLI: the flag's value, `--no-flag` as false, else the default. */
	function get_flag_value($assoc_args, $flag, $default = null) {
		if (isset($assoc_args[ $flag ])) {
			return $assoc_args[ $flag ];
		}
		if (isset($assoc_args[ 'no-' . $flag ])) {
			return !$assoc_args[ 'no-' . $flag ];
		}
		return $default;
	}

	/** Records the items and renders json and csv as WP-CLI does (table and yaml as JSON lines). */
	function format_items($format, $items, $fields) {
		$fields = is_string($fields) ? explode(',', $fields) : $fields;
		$rows   = [];
		foreach ($items as $item) {
			$item = (array) $item;
			$row  = [];
			foreach ($fields as $f) {
				$row[ $f ] = $item[ $f ] ?? null;
			}
			$rows[] = $row;
		}
		switch ($format) {
			case 'json':
				$output = json_encode($rows);
				break;
			case 'csv':
				$h = fopen('php://memory', 'w+');
				fputcsv($h, $fields);
				foreach ($rows as $row) {
					fputcsv($h, array_map(fn ($v) => is_scalar($v) || null === $v ? $v : json_encode($v), $row));
				}
				rewind($h);
				$output = stream_get_contents($h);
				break;
			case 'count':
				$output = (string) count($rows);
				break;
			default:
				$output = implode("\n", array_map('json_encode', $rows));
		}
		\WP_CLI::$formatted[] = ['format' => $format, 'items' => $rows, 'fields' => $fields, 'output' => $output];
	}

	/** A progress bar that counts its ticks. */
	function make_progress_bar($message, $count) {
		return new class($message, (int) $count) {
			private int $i;

			public function __construct(string $message, int $count) {
				$this->i                 = count(\WP_CLI::$progress);
				\WP_CLI::$progress[] = ['message' => $message, 'count' => $count, 'ticks' => 0, 'finished' => false];
			}

			public function tick($increment = 1, $msg = null): void {
				\WP_CLI::$progress[ $this->i ]['ticks'] += $increment;
			}

			public function finish(): void {
				\WP_CLI::$progress[ $this->i ]['finished'] = true;
			}
		};
	}
}

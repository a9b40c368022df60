<?php
/**
 * One hosting panel as the plugin sees it: its native functions, its log
 * channel, its settings and what it can do. Every panel call of the plugin goes
 * through here; what differs between Enhance and Closte lives in their classes
 * (panels/).
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * Enhance or Closte, by id: one instance of each, from Panel::all().
 */
abstract class Panel {

	public const ENHANCE = 'enhance';
	public const CLOSTE  = 'closte';

	/** @var string 'enhance' or 'closte'. */
	public string $id;

	/** @var string Name shown to the admin. */
	public string $title;

	/** @var string Ultimate Multisite log channel. */
	public string $channel;

	/** @var (callable(): array<string, string>)|null Where credentials come from besides constants. */
	private $credentials = null;

	/** The panel's id, one of the constants above: set by each panel's class. */
	protected const ID = '';

	/** The panel's name: set by each panel's class. */
	protected const TITLE = '';

	/** The panels' classes, in the order the plugin looks for a configured one. */
	private const CLASSES = [Panels\Enhance_Panel::class, Panels\Closte_Panel::class];

	/** Only Panel::all() makes panels, so each has one instance and its credentials stay with it. */
	final protected function __construct() {
		$this->id      = static::ID;
		$this->title   = static::TITLE;
		$this->channel = 'integration-' . $this->id;
	}

	/** Every panel the plugin knows. @return array<string, Panel> */
	final public static function all(): array {
		static $all = null;
		if (null === $all) {
			$all = [];
			foreach (self::CLASSES as $class) {
				$panel             = new $class();
				$all[ $panel->id ] = $panel;
			}
		}
		return $all;
	}

	final public static function get(string $id): Panel {
		$all = self::all();
		if (!isset($all[$id])) {
			throw new \InvalidArgumentException("Unknown hosting panel '$id'; the known panels are: " . implode(', ', array_keys($all)));
		}
		return $all[$id];
	}

	/** The panel whose log channel or name (as the extension's log records give it) is $name. */
	final public static function named(string $name): ?Panel {
		foreach (self::all() as $panel) {
			if (0 === strcasecmp($panel->title, $name) || $panel->id === strtolower($name)) {
				return $panel;
			}
		}
		return null;
	}

	/**
	 * Takes credentials from $source (constant name => value) as well as from the
	 * constants: Ultimate Multisite 2.5 keeps what its wizard saves in network
	 * options.
	 */
	public function use_credentials(?callable $source): void {
		$this->credentials = $source;
	}

	/**
	 * The native $config key that the constant $constant also sets for this
	 * panel, as the extension declares it (wu_hosting_info()); null for a
	 * constant the panel does not read.
	 */
	public function config_key(string $constant): ?string {
		static $settings = null;
		if (null === $settings) {
			$settings = array_map(static fn (array $panel): array => $panel['settings'], wu_hosting_info()['panels']);
		}
		return $settings[ $this->id ][ $constant ] ?? null;
	}

	/** The native $config array: stored credentials, or null to read the constants. */
	public function config(): ?array {
		if (null === $this->credentials) {
			return null;
		}
		$config = [];
		foreach ((array) call_user_func($this->credentials) as $constant => $value) {
			$key = $this->config_key($constant);
			if (null !== $key && '' !== (string) $value && !defined($constant)) {
				$config[ $key ] = (string) $value;
			}
		}
		return $config ?: null;
	}

	/** Maps a custom domain; idempotent. */
	abstract public function add_domain(string $domain): array;

	/** Unmaps a custom domain; idempotent. */
	abstract public function remove_domain(string $domain): array;

	/** Adds a site's own host (subdomain networks). */
	abstract public function add_subdomain(string $host): array;

	/** Removes a site's own host (subdomain networks). */
	abstract public function remove_subdomain(string $host): array;

	/** The panel's domains. */
	abstract public function list_domains(): array;

	/** Reads from the panel and changes nothing. */
	abstract public function test_connection(): array;

	/** Brings the panel in line with $domains. */
	abstract public function sync(array $domains, array $options = []): array;

	/**
	 * Whether the panel is configured on this network (its constants are defined).
	 */
	abstract public function detect(): bool;

	/** Whether the `auto_create_www_subdomain` setting applies. */
	abstract public function wants_www(): bool;

	/** Whether test_connection() tells the addresses of the server the network runs on (`server_ips`). */
	abstract public function knows_server_ips(): bool;

	/** Whether the plugin can have the panel issue a Let's Encrypt certificate now (issue_certificate()). */
	abstract public function issues_certificates(): bool;

	/**
	 * Has the panel issue a Let's Encrypt certificate for $domain now.
	 *
	 * @throws \InvalidArgumentException When the panel does that itself (issues_certificates() is false).
	 */
	abstract public function issue_certificate(string $domain): array;

	/** Whether its certificates take a while, so the SSL stage needs more tries (Providers::closte_ssl_tries()). */
	abstract public function slow_certificates(): bool;

	/** Constants the panel needs; an inner list means "one of these". */
	abstract public function required_constants(): array;

	/** Constants the panel may use. */
	abstract public function optional_constants(): array;

	/** Features, as Ultimate Multisite's own integrations declare them. */
	abstract public function supports(): array;

	/** The integration's name in Ultimate Multisite's wizard. */
	abstract public function integration_title(): string;

	/** Wizard fields, keyed by constant name (Ultimate Multisite form field arrays). */
	abstract public function settings_fields(): array;

	/** What the connection test tells the admin, from what test_connection() answered. */
	abstract public function connection_message(array $answer): string;
}

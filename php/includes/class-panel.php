<?php
/**
 * One hosting panel as the plugin sees it: its native functions, its log
 * channel and what it can do. Every panel call of the plugin goes through here.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * Enhance or Closte, by id.
 */
final class Panel {

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

	/** Setting names of the native $config array, by the constant that also holds them. */
	public const CONFIG_KEYS = [
		'WU_ENHANCE_API_TOKEN'  => 'api_token',
		'WU_ENHANCE_API_URL'    => 'api_url',
		'WU_ENHANCE_ORG_ID'     => 'org_id',
		'WU_ENHANCE_WEBSITE_ID' => 'website_id',
		'WU_ENHANCE_SERVER_ID'  => 'server_id',
		'CLOSTE_CLIENT_API_KEY' => 'api_key',
		'WU_CLOSTE_API_URL'     => 'api_url',
	];

	private function __construct(string $id, string $title) {
		$this->id      = $id;
		$this->title   = $title;
		$this->channel = 'integration-' . $id;
	}

	/** Every panel the plugin knows. @return array<string, Panel> */
	public static function all(): array {
		static $all = null;
		if (null === $all) {
			$all = [
				self::ENHANCE => new self(self::ENHANCE, 'Enhance'),
				self::CLOSTE  => new self(self::CLOSTE, 'Closte'),
			];
		}
		return $all;
	}

	public static function get(string $id): Panel {
		$all = self::all();
		if (!isset($all[$id])) {
			throw new \InvalidArgumentException("Unknown hosting panel '$id'; the known panels are: " . implode(', ', array_keys($all)));
		}
		return $all[$id];
	}

	/** The panel whose log channel or name (as the extension's log records give it) is $name. */
	public static function named(string $name): ?Panel {
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

	/** The native $config array: stored credentials, or null to read the constants. */
	public function config(): ?array {
		if (null === $this->credentials) {
			return null;
		}
		$config = [];
		foreach ((array) call_user_func($this->credentials) as $constant => $value) {
			if (isset(self::CONFIG_KEYS[ $constant ]) && '' !== (string) $value && !defined($constant)) {
				$config[ self::CONFIG_KEYS[ $constant ] ] = (string) $value;
			}
		}
		return $config ?: null;
	}

	/** Maps a custom domain; idempotent. */
	public function add_domain(string $domain): array {
		return self::ENHANCE === $this->id ? wu_enhance_add_domain($domain, $this->config()) : wu_closte_add_domain($domain, $this->config());
	}

	/** Unmaps a custom domain; idempotent. */
	public function remove_domain(string $domain): array {
		return self::ENHANCE === $this->id ? wu_enhance_remove_domain($domain, $this->config()) : wu_closte_remove_domain($domain, $this->config());
	}

	/** Adds a site's own host (subdomain networks). */
	public function add_subdomain(string $host): array {
		return self::ENHANCE === $this->id ? wu_enhance_add_subdomain($host, $this->config()) : wu_closte_add_domain($host, $this->config());
	}

	/** Removes a site's own host (subdomain networks). */
	public function remove_subdomain(string $host): array {
		return self::ENHANCE === $this->id ? wu_enhance_remove_subdomain($host, $this->config()) : wu_closte_remove_domain($host, $this->config());
	}

	/** The panel's domains. */
	public function list_domains(): array {
		return self::ENHANCE === $this->id ? wu_enhance_list_domains($this->config()) : wu_closte_list_domains($this->config());
	}

	/** Reads from the panel and changes nothing. */
	public function test_connection(): array {
		return self::ENHANCE === $this->id ? wu_enhance_test_connection($this->config()) : wu_closte_test_connection($this->config());
	}

	/** Brings the panel in line with $domains. */
	public function sync(array $domains, array $options = []): array {
		return self::ENHANCE === $this->id ? wu_enhance_sync($domains, $options, $this->config()) : wu_closte_sync($domains, $options, $this->config());
	}

	/**
	 * Whether the panel is configured on this network (its constants are defined).
	 */
	public function detect(): bool {
		if (self::CLOSTE === $this->id) {
			return wu_closte_detect() || isset($this->config()['api_key']);
		}
		$config = (array) $this->config();
		$token  = defined('WU_ENHANCE_API_TOKEN') ? (string) constant('WU_ENHANCE_API_TOKEN') : (string) ($config['api_token'] ?? '');
		$url    = defined('WU_ENHANCE_API_URL') ? (string) constant('WU_ENHANCE_API_URL') : (string) ($config['api_url'] ?? '');
		return '' !== $token && '' !== $url;
	}

	/**
	 * Whether the `auto_create_www_subdomain` setting applies. Enhance needs each
	 * www name as its own alias. For Closte the plugin sends what Ultimate
	 * Multisite's own Closte integration sends: the mapped name only.
	 */
	public function wants_www(): bool {
		return self::ENHANCE === $this->id;
	}
}

<?php
/**
 * What happens when Ultimate Multisite maps, unmaps or creates a host: the
 * names to send (with or without www), the old name of a renamed domain, one
 * call per host even when two hooks announce it, and what becomes of a failure.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * Turns the four domain hooks into panel calls that are never lost.
 */
final class Domain_Sync {

	/** Network option: the custom domains the plugin mapped, [panel => [domain => site_id]]. */
	public const MAPPED_OPTION = 'wu_hosting_mapped';

	/** How long a finished call makes the same call a no-op (one host, two hooks). */
	public const ECHO_WINDOW = 600;

	private Retry_Queue $queue;
	private Failures $failures;
	private Retrying $retrying;

	public function __construct(Retry_Queue $queue, Failures $failures, ?Retrying $retrying = null) {
		$this->queue    = $queue;
		$this->failures = $failures;
		$this->retrying = $retrying ?? new Retrying();
	}

	/** `wu_add_domain`: a custom domain was mapped (or renamed to $domain). */
	public function add_domain(Panel $panel, string $domain, int $site_id): void {
		$domain = self::normalise($domain);
		if ('' === $domain) {
			return;
		}
		$this->forget_renamed($panel, $domain, $site_id);
		foreach ($this->names($panel, $domain) as $name) {
			$this->request($panel, 'add', $name, $site_id, 'domain');
		}
		if (!$this->is_network_host($domain)) {
			$this->remember($panel, $domain, $site_id);
		}
	}

	/** `wu_remove_domain`: a custom domain mapping was deleted. */
	public function remove_domain(Panel $panel, string $domain, int $site_id): void {
		$domain = self::normalise($domain);
		if ('' === $domain) {
			return;
		}
		foreach ($this->names($panel, $domain, true) as $name) {
			$this->request($panel, 'remove', $name, $site_id, 'domain');
		}
		$this->forget($panel, $domain);
	}

	/** `wu_add_subdomain`: a site was created on its own host (subdomain networks). */
	public function add_subdomain(Panel $panel, string $host, int $site_id): void {
		$host = self::normalise($host);
		if ('' !== $host) {
			$this->request($panel, 'add', $host, $site_id, 'subdomain');
		}
	}

	/** `wu_remove_subdomain`: such a site was deleted. */
	public function remove_subdomain(Panel $panel, string $host, int $site_id): void {
		$host = self::normalise($host);
		if ('' !== $host) {
			$this->request($panel, 'remove', $host, $site_id, 'subdomain');
		}
	}

	/**
	 * Runs one call now, as a hook or a retry asks. Failures are not thrown: a
	 * passing one is queued again, any other is kept for the network admin.
	 *
	 * @param array{panel: string, op: string, domain: string, site_id: int, kind: string, attempt: int} $job
	 * @return bool Whether the panel now has the state asked for.
	 */
	public function run(array $job): bool {
		$panel   = Panel::get((string) $job['panel']);
		$op      = 'remove' === $job['op'] ? 'remove' : 'add';
		$name    = (string) $job['domain'];
		$attempt = max(1, (int) ($job['attempt'] ?? 1));
		$job     = [
			'panel'   => $panel->id,
			'op'      => $op,
			'domain'  => $name,
			'site_id' => (int) ($job['site_id'] ?? 0),
			'kind'    => (string) ($job['kind'] ?? 'domain'),
			'attempt' => $attempt,
		];
		if ($attempt > 1 && $this->intent($panel, $name) !== $op) {
			Log::panel($panel, sprintf('Dropped the retry to %s %s: a later change asked for the opposite.', $op, $name));
			$this->retrying->resolve($panel->id, $name);
			return false;
		}
		try {
			if ('add' === $op) {
				$answer = 'subdomain' === $job['kind'] ? $panel->add_subdomain($name) : $panel->add_domain($name);
				$done   = empty($answer['created']) ? 'was already there' : 'added';
			} else {
				$answer = 'subdomain' === $job['kind'] ? $panel->remove_subdomain($name) : $panel->remove_domain($name);
				$done   = empty($answer['removed']) ? 'was not there' : 'removed';
			}
		} catch (\Throwable $e) {
			$this->failed($panel, $job, $e);
			return false;
		}
		Log::panel($panel, sprintf('%s %s (site %d).', $name, $done, $job['site_id']));
		$this->settle($panel, $op, $name);
		$this->failures->resolve($panel->id, $name);
		$this->retrying->resolve($panel->id, $name);
		return true;
	}

	/** A call the hooks ask for: skipped when the same one just finished. */
	private function request(Panel $panel, string $op, string $name, int $site_id, string $kind): void {
		if ($this->recently($panel, $op, $name)) {
			Log::panel($panel, sprintf('%s: %s was already done moments ago; nothing to send.', $name, $op));
			return;
		}
		$this->set_intent($panel, $name, $op);
		$this->run(
			[
				'panel'   => $panel->id,
				'op'      => $op,
				'domain'  => $name,
				'site_id' => $site_id,
				'kind'    => $kind,
				'attempt' => 1,
			]
		);
	}

	/** Sorts a failure: passing ones are retried, the others shown at once. */
	private function failed(Panel $panel, array $job, \Throwable $e): void {
		$reason = $e->getMessage();
		$what   = sprintf('%s %s', 'add' === $job['op'] ? 'Adding' : 'Removing', $job['domain']);
		if (self::is_passing($e) && $job['attempt'] < Retry_Queue::max_attempts()) {
			$delay   = Retry_Queue::delay($job['attempt']);
			$backend = $this->queue->schedule(['attempt' => $job['attempt'] + 1] + $job, $delay);
			Log::panel($panel, sprintf('%s failed (attempt %d): %s. Retrying in %d s through %s.', $what, $job['attempt'], $reason, $delay, $backend), 'warning');
			$this->retrying->record($panel->id, $job, $e, time() + $delay);
			return;
		}
		$final = self::is_passing($e)
			? sprintf('gave up after %d attempts', $job['attempt'])
			: 'not retried: fix the cause, then retry from the notice';
		Log::panel($panel, sprintf('%s failed, %s: %s', $what, $final, $reason), 'error');
		$this->retrying->resolve($panel->id, $job['domain']);
		$this->failures->record($panel->id, $job, $e);
	}

	/**
	 * Whether $e may pass if tried again (network trouble, 5xx, 429, 408), by the
	 * extension's own rule: a refusal, a bad setting or a bad name do not.
	 */
	public static function is_passing(\Throwable $e): bool {
		return $e instanceof \WuHosting\Exception && wu_hosting_is_transient(get_class($e), (int) $e->getCode());
	}

	/**
	 * The names a mapping puts on the panel: the domain, and its www name when the
	 * `auto_create_www_subdomain` setting asks for it (Enhance only).
	 *
	 * @return list<string>
	 */
	public function names(Panel $panel, string $domain, bool $removing = false): array {
		$names = [$domain];
		if ($panel->wants_www() && Www::wanted($domain, $this->network_domain())) {
			$www = 'www.' . $domain;
			// A www name mapped on its own belongs to its own mapping.
			if (!($removing && $this->is_mapped_elsewhere($www))) {
				$names[] = $www;
			}
		}
		return $names;
	}

	/**
	 * Ultimate Multisite announces a renamed domain as a new one and leaves the old
	 * name on the panel: remove the names this plugin mapped for the same site that
	 * no domain mapping holds any more.
	 */
	private function forget_renamed(Panel $panel, string $domain, int $site_id): void {
		$mapped = get_site_option(self::MAPPED_OPTION, []);
		$olds   = [];
		foreach ($mapped[ $panel->id ] ?? [] as $old => $old_site) {
			if ((int) $old_site === $site_id && (string) $old !== $domain) {
				$olds[] = (string) $old;
			}
		}
		$held = $olds ? $this->held($olds) : [];
		if (null === $held) {
			return;
		}
		foreach (array_diff($olds, $held) as $old) {
			Log::panel($panel, sprintf('%s was renamed to %s: removing the old name.', $old, $domain));
			$this->remove_domain($panel, (string) $old, $site_id);
		}
	}

	private function remember(Panel $panel, string $domain, int $site_id): void {
		$mapped                          = get_site_option(self::MAPPED_OPTION, []);
		$mapped[ $panel->id ][ $domain ] = $site_id;
		update_site_option(self::MAPPED_OPTION, $mapped);
	}

	private function forget(Panel $panel, string $domain): void {
		$mapped = get_site_option(self::MAPPED_OPTION, []);
		if (isset($mapped[ $panel->id ][ $domain ])) {
			unset($mapped[ $panel->id ][ $domain ]);
			update_site_option(self::MAPPED_OPTION, $mapped);
		}
	}

	/**
	 * Which of $names Ultimate Multisite's mapping table holds, or null when there
	 * is no such table to ask.
	 *
	 * @param list<string> $names
	 * @return list<string>|null
	 */
	private function held(array $names): ?array {
		global $wpdb;
		$table = $wpdb->base_prefix . 'wu_domain_mappings';
		if ($wpdb->get_var($wpdb->prepare('SHOW TABLES LIKE %s', $table)) !== $table) {
			return null;
		}
		$in = implode(',', array_fill(0, count($names), '%s'));
		return array_map('strtolower', $wpdb->get_col($wpdb->prepare("SELECT domain FROM `$table` WHERE domain IN ($in)", $names))); // phpcs:ignore WordPress.DB.PreparedSQL
	}

	private function is_mapped_elsewhere(string $name): bool {
		return (bool) $this->held([$name]);
	}

	private function network_domain(): string {
		$network = function_exists('get_network') ? get_network() : null;
		return strtolower($network ? (string) $network->domain : (defined('DOMAIN_CURRENT_SITE') ? (string) DOMAIN_CURRENT_SITE : ''));
	}

	private function is_network_host(string $domain): bool {
		$network = $this->network_domain();
		return '' !== $network && ($domain === $network || str_ends_with($domain, '.' . $network));
	}

	private static function normalise(string $domain): string {
		return rtrim(strtolower(trim($domain)), '.');
	}

	private static function key(Panel $panel, string $name): string {
		return 'wu_hosting_' . md5($panel->id . '|' . $name);
	}

	private function set_intent(Panel $panel, string $name, string $op): void {
		update_site_option(self::key($panel, $name) . '_intent', $op);
		delete_site_transient(self::key($panel, $name) . '_done');
	}

	private function intent(Panel $panel, string $name): ?string {
		$op = get_site_option(self::key($panel, $name) . '_intent', null);
		return is_string($op) ? $op : null;
	}

	private function recently(Panel $panel, string $op, string $name): bool {
		return get_site_transient(self::key($panel, $name) . '_done') === $op;
	}

	/** The state asked for is reached: no retry is wanted, the same call is a no-op for a while. */
	private function settle(Panel $panel, string $op, string $name): void {
		delete_site_option(self::key($panel, $name) . '_intent');
		set_site_transient(self::key($panel, $name) . '_done', $op, self::ECHO_WINDOW);
	}
}

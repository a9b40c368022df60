<?php
/**
 * The facts behind the status page, gathered in the background and cached with
 * their time: the panel's domains (listed once), the website's server addresses
 * (Enhance), and a DNS and a certificate check of every name, each run over all
 * names at once with wu_dns_check_many() and wu_ssl_check_many(). The refresh
 * runs through Action Scheduler (group `wu-hosting`) when it is loaded, else
 * WP-Cron; the page only reads what is stored here.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * The cached checks and their refresh.
 */
final class Status_Checks {

	public const OPTION = 'wu_hosting_status';
	public const HOOK   = 'wu_hosting_refresh_status';

	/** Checks older than this are refreshed in the background when the page is viewed. */
	public const STALE_AFTER = HOUR_IN_SECONDS;

	private Retry_Queue $queue;

	public function __construct(Retry_Queue $queue) {
		$this->queue = $queue;
	}

	public function register(): void {
		add_action(self::HOOK, [$this, 'refresh']);
	}

	/**
	 * The panel the network uses: Enhance when its settings are there, else
	 * Closte, else null.
	 */
	public static function panel(): ?Panel {
		foreach ([Panel::ENHANCE, Panel::CLOSTE] as $id) {
			$panel = Panel::get($id);
			if ($panel->detect()) {
				return $panel;
			}
		}
		return null;
	}

	/**
	 * What is stored: `panel` (id), `listed` (time), `domains` (name => kind),
	 * `server_ips` (and `ips_read`, when they were read), `checked` (time of the DNS and certificate checks), `dns` and
	 * `ssl` (name => the check's answer, trimmed), `error` (the last refresh's
	 * failure, or null).
	 */
	public function get(): array {
		$state = get_site_option(self::OPTION, []);
		return (is_array($state) ? $state : []) + [
			'panel'      => null,
			'listed'     => null,
			'domains'    => null,
			'server_ips' => [],
			'checked'    => null,
			'dns'        => [],
			'ssl'        => [],
			'error'      => null,
		];
	}

	/** The server addresses last read from the panel (for the DNS expectation). */
	public static function server_ips(): array {
		$state = get_site_option(self::OPTION, []);
		return is_array($state) && isset($state['server_ips']) ? (array) $state['server_ips'] : [];
	}

	/**
	 * Lists the panel once and stores its domains (and, on Enhance, the server's
	 * addresses). Throws the native exception when the panel cannot be read.
	 */
	public function refresh_panel(): array {
		$panel = self::panel();
		$state = $this->get();
		if (null === $panel) {
			throw new \RuntimeException('No hosting panel is configured: define the Enhance or Closte settings (see the plugin\'s README).');
		}
		$domains = [];
		foreach ($panel->list_domains() as $d) {
			$domains[ strtolower((string) $d['domain']) ] = (string) ($d['kind'] ?? 'alias');
		}
		// The server's addresses change rarely: read them (one more call) once a day.
		if ($panel->knows_server_ips() && (!$state['server_ips'] || time() - (int) ($state['ips_read'] ?? 0) > DAY_IN_SECONDS)) {
			$state['server_ips'] = array_values((array) ($panel->test_connection()['server_ips'] ?? []));
			$state['ips_read']   = time();
		}
		$state['panel']   = $panel->id;
		$state['domains'] = $domains;
		$state['listed']  = time();
		$state['error']   = null;
		update_site_option(self::OPTION, $state);
		return $state;
	}

	/**
	 * The background job: the panel listed once, then DNS and certificates of
	 * every name the network wants or the panel has, all at once.
	 */
	public function refresh(): void {
		$started = microtime(true);
		try {
			$state = $this->refresh_panel();
		} catch (\Throwable $e) {
			$state          = $this->get();
			$state['error'] = sprintf('%s: %s', Failures::short_class($e), $e->getMessage());
			update_site_option(self::OPTION, $state);
			Log::write('wu-hosting', 'Status refresh could not list the panel: ' . $state['error'], 'error');
			return;
		}
		$panel = Panel::get((string) $state['panel']);
		$names = self::names($panel, $state);
		try {
			$dns = $names ? wu_dns_check_many($names, Readiness::expected_targets(), Readiness::dns_options()) : [];
			$ssl = $names ? wu_ssl_check_many($names, Readiness::ssl_options()) : [];
		} catch (\Throwable $e) {
			$state['error'] = sprintf('%s: %s', Failures::short_class($e), $e->getMessage());
			update_site_option(self::OPTION, $state);
			Log::write('wu-hosting', 'Status refresh could not run the checks: ' . $state['error'], 'error');
			return;
		}
		$state['dns'] = [];
		$state['ssl'] = [];
		foreach ($names as $i => $name) {
			$state['dns'][ $name ] = self::trim_dns($dns[ $i ] ?? []);
			$state['ssl'][ $name ] = self::trim_ssl($ssl[ $i ] ?? []);
		}
		$state['checked'] = time();
		update_site_option(self::OPTION, $state);
		Log::write('wu-hosting', sprintf('Status refresh: %d names checked in %.2f s.', count($names), microtime(true) - $started));
	}

	/** Every name of a row: the ones the network wants and the panel's aliases. @return list<string> */
	public static function names(Panel $panel, array $state): array {
		$names = array_fill_keys(Domain_List::network($panel->wants_www()), true);
		foreach ((array) $state['domains'] as $name => $kind) {
			if ('alias' === $kind) {
				$names[ (string) $name ] = true;
			}
		}
		return array_map('strval', array_keys($names));
	}

	/**
	 * Queues a refresh now, unless one is already waiting; returns the queue used.
	 */
	public function schedule(): string {
		$backend  = $this->queue->backend();
		$switched = is_multisite() && !is_main_site();
		if ($switched) {
			switch_to_blog(get_main_site_id());
		}
		try {
			if ('action-scheduler' === $backend) {
				if (!as_has_scheduled_action(self::HOOK, [], Retry_Queue::GROUP)) {
					as_schedule_single_action(time(), self::HOOK, [], Retry_Queue::GROUP);
				}
			} elseif (!wp_next_scheduled(self::HOOK)) {
				wp_schedule_single_event(time(), self::HOOK);
			}
		} finally {
			if ($switched) {
				restore_current_blog();
			}
		}
		return $backend;
	}

	/** Whether a refresh waits in the queue. */
	public function pending(): bool {
		if ('action-scheduler' === $this->queue->backend()) {
			return (bool) as_has_scheduled_action(self::HOOK, [], Retry_Queue::GROUP);
		}
		return (bool) wp_next_scheduled(self::HOOK);
	}

	/** Queues a refresh when the stored checks are missing or older than STALE_AFTER. */
	public function refresh_if_stale(): void {
		$checked = $this->get()['checked'];
		if ((null === $checked || time() - (int) $checked > self::STALE_AFTER) && !$this->pending()) {
			$this->schedule();
		}
	}

	private static function trim_dns(array $c): array {
		return [
			'ok'      => (bool) ($c['ok'] ?? false),
			'reason'  => $c['reason'] ?? 'not checked',
			'a'       => (array) ($c['a'] ?? []),
			'aaaa'    => (array) ($c['aaaa'] ?? []),
			'cname'   => (array) ($c['cname'] ?? []),
			'matched' => $c['matched'] ?? null,
			'error'   => $c['error'] ?? null,
		];
	}

	private static function trim_ssl(array $c): array {
		return [
			'ok'          => (bool) ($c['ok'] ?? false),
			'reason'      => $c['reason'] ?? 'not checked',
			'issuer'      => $c['issuer'] ?? null,
			'not_after'   => $c['not_after'] ?? null,
			'days_left'   => $c['days_left'] ?? null,
			'placeholder' => (bool) ($c['placeholder'] ?? false),
			'sans'        => (array) ($c['sans'] ?? []),
			'error'       => $c['error'] ?? null,
		];
	}
}

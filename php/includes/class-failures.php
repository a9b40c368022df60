<?php
/**
 * Panel calls that failed for good, kept in a network option and shown to
 * network admins in a notice (domains and reasons) until a later call for the
 * same name succeeds, or the admin retries or dismisses them.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * The list of failures and its notice.
 */
final class Failures {

	public const OPTION = 'wu_hosting_failures';
	public const ACTION = 'wu_hosting_failures';

	/** Hooks the notice and its buttons. */
	public function register(): void {
		add_action('network_admin_notices', [$this, 'notice']);
		add_action('admin_post_' . self::ACTION, [$this, 'handle']);
	}

	/** @return array<string, array> Keyed by "panel:domain". */
	public function all(): array {
		$all = get_site_option(self::OPTION, []);
		return is_array($all) ? $all : [];
	}

	/** Keeps a failure (replacing an older one for the same name). */
	public function record(string $panel, array $job, \Throwable $e): void {
		$all                                  = $this->all();
		$all[ $panel . ':' . $job['domain'] ] = self::entry($panel, $job, $e);
		update_site_option(self::OPTION, $all);
	}

	/** What is kept of a failed call: the job, the exception's class and message, the time. */
	public static function entry(string $panel, array $job, \Throwable $e): array {
		return [
			'panel'    => $panel,
			'op'       => $job['op'],
			'domain'   => $job['domain'],
			'site_id'  => (int) $job['site_id'],
			'kind'     => $job['kind'] ?? 'domain',
			'attempts' => (int) $job['attempt'],
			'error'    => self::short_class($e),
			'reason'   => $e->getMessage(),
			'time'     => time(),
		];
	}

	/** The job that runs a kept failure's call again, as a first try. */
	public static function job(array $failure): array {
		return [
			'panel'   => $failure['panel'],
			'op'      => $failure['op'],
			'domain'  => $failure['domain'],
			'site_id' => $failure['site_id'],
			'kind'    => $failure['kind'],
			'attempt' => 1,
		];
	}

	/** Drops the failure for a name whose call has now succeeded. */
	public function resolve(string $panel, string $domain): void {
		$all = $this->all();
		if (isset($all[ $panel . ':' . $domain ])) {
			unset($all[ $panel . ':' . $domain ]);
			update_site_option(self::OPTION, $all);
		}
	}

	/** Forgets failures: one by key, or all with null. */
	public function dismiss(?string $key = null): void {
		$all = $this->all();
		if (null === $key) {
			$all = [];
		} else {
			unset($all[ $key ]);
		}
		update_site_option(self::OPTION, $all);
	}

	/**
	 * Tries the failed calls again now (after the admin fixed the cause).
	 *
	 * @return int How many succeeded.
	 */
	public function retry(Domain_Sync $sync, ?string $key = null): int {
		$ok = 0;
		foreach ($this->all() as $k => $failure) {
			if (null !== $key && $k !== $key) {
				continue;
			}
			$ok += $sync->run(self::job($failure)) ? 1 : 0;
		}
		return $ok;
	}

	/** The network admin notice: one line per domain, with the reason. */
	public function notice(): void {
		if (!current_user_can('manage_network')) {
			return;
		}
		echo $this->render(); // phpcs:ignore WordPress.Security.EscapeOutput -- escaped in render().
	}

	/** The notice's HTML, or '' when nothing failed. */
	public function render(): string {
		$all = $this->all();
		if (!$all) {
			return '';
		}
		$rows = '';
		foreach ($all as $key => $f) {
			$panel = Panel::get($f['panel']);
			$rows .= sprintf(
				'<li><strong>%s</strong>: %s on %s failed (%s, %s): %s <a href="%s">%s</a> | <a href="%s">%s</a></li>',
				esc_html($f['domain']),
				'add' === $f['op'] ? esc_html__('adding', 'wu-hosting') : esc_html__('removing', 'wu-hosting'),
				esc_html($panel->title),
				esc_html($f['error']),
				esc_html(sprintf(_n('%d attempt', '%d attempts', $f['attempts'], 'wu-hosting'), $f['attempts'])),
				esc_html($f['reason']),
				esc_url($this->action_url('retry', $key)),
				esc_html__('Retry now', 'wu-hosting'),
				esc_url($this->action_url('dismiss', $key)),
				esc_html__('Dismiss', 'wu-hosting')
			);
		}
		return sprintf(
			'<div class="notice notice-error wu-hosting-failures"><p>%s</p><ul>%s</ul><p><a href="%s">%s</a> | <a href="%s">%s</a></p></div>',
			esc_html(sprintf(_n('The hosting panel was not updated for %d domain:', 'The hosting panel was not updated for %d domains:', count($all), 'wu-hosting'), count($all))),
			$rows,
			esc_url($this->action_url('retry')),
			esc_html__('Retry all', 'wu-hosting'),
			esc_url($this->action_url('dismiss')),
			esc_html__('Dismiss all', 'wu-hosting')
		);
	}

	private function action_url(string $do, ?string $key = null): string {
		$args = ['action' => self::ACTION, 'do' => $do];
		if (null !== $key) {
			$args['key'] = $key;
		}
		return wp_nonce_url(add_query_arg($args, admin_url('admin-post.php')), self::ACTION);
	}

	/** admin-post.php?action=wu_hosting_failures&do=retry|dismiss[&key=panel:domain]. */
	public function handle(): void {
		if (!current_user_can('manage_network')) {
			wp_die(esc_html__('Only network admins can do this.', 'wu-hosting'), 403);
		}
		check_admin_referer(self::ACTION);
		$do  = isset($_GET['do']) ? sanitize_key(wp_unslash($_GET['do'])) : '';
		$key = isset($_GET['key']) ? sanitize_text_field(wp_unslash($_GET['key'])) : null;
		if ('retry' === $do) {
			$this->retry(Plugin::instance()->sync(), $key);
		} elseif ('dismiss' === $do) {
			$this->dismiss($key);
		}
		wp_safe_redirect(wp_get_referer() ?: network_admin_url());
		exit;
	}

	/** The exception's class without its namespace. */
	public static function short_class(\Throwable $e): string {
		$parts = explode('\\', get_class($e));
		return end($parts);
	}
}

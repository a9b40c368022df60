<?php
/**
 * What the buttons of the status page do: a sync (dry run first, then applied),
 * a retry of one failed call, a Let's Encrypt certificate for one domain, the
 * removal of one alias the network no longer wants, and a refresh of the checks.
 * Super admins only, every request nonce-checked; each runs through the plugin's
 * panel and its log, and a failure is shown with the exception's message.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * admin-post.php?action=wu_hosting_status&do=…
 */
final class Status_Actions {

	public const ACTION = 'wu_hosting_status';

	private Status_Checks $checks;

	public function __construct(Status_Checks $checks) {
		$this->checks = $checks;
	}

	public function register(): void {
		add_action('admin_post_' . self::ACTION, [$this, 'handle']);
	}

	/** The hidden fields of a form that runs $do (on $domain). */
	public static function fields(string $do, string $domain = '', string $key = ''): string {
		$out  = wp_nonce_field(self::ACTION, '_wpnonce', true, false);
		$out .= sprintf('<input type="hidden" name="action" value="%s">', esc_attr(self::ACTION));
		$out .= sprintf('<input type="hidden" name="do" value="%s">', esc_attr($do));
		if ('' !== $domain) {
			$out .= sprintf('<input type="hidden" name="domain" value="%s">', esc_attr($domain));
		}
		if ('' !== $key) {
			$out .= sprintf('<input type="hidden" name="key" value="%s">', esc_attr($key));
		}
		return $out;
	}

	/** Runs the asked action, keeps its outcome for the page, and goes back to it. */
	public function handle(): void {
		if (!current_user_can(Status_Page::CAPABILITY)) {
			wp_die(esc_html__('Only network admins can do this.', 'wu-hosting'), 403);
		}
		check_admin_referer(self::ACTION);
		$do     = isset($_POST['do']) ? sanitize_key(wp_unslash($_POST['do'])) : '';
		$domain = isset($_POST['domain']) ? strtolower(sanitize_text_field(wp_unslash($_POST['domain']))) : '';
		$key    = isset($_POST['key']) ? sanitize_text_field(wp_unslash($_POST['key'])) : '';
		try {
			$result = $this->run($do, $domain, $key);
		} catch (\Throwable $e) {
			$result = ['kind' => 'error', 'message' => sprintf('%s (%s)', $e->getMessage(), Failures::short_class($e))];
		}
		self::keep_result($result);
		wp_safe_redirect(Status_Page::url());
		exit;
	}

	/**
	 * Runs one action; throws what the native call throws.
	 *
	 * @return array{kind: string, message: string, plan?: array}
	 */
	public function run(string $do, string $domain = '', string $key = ''): array {
		$panel = Status_Checks::panel();
		if (null === $panel && 'refresh' !== $do) {
			throw new \RuntimeException(__('No hosting panel is configured.', 'wu-hosting'));
		}
		switch ($do) {
			case 'dry-run':
				return $this->dry_run($panel);
			case 'sync':
				return $this->sync($panel);
			case 'retry':
				return $this->retry($panel, $key);
			case 'issue':
				return $this->issue($panel, $domain);
			case 'remove':
				return $this->remove($panel, $domain);
			case 'refresh':
				/* translators: %s: queue */
				return ['kind' => 'success', 'message' => sprintf(__('The DNS and certificate checks are queued (%s); reload the page in a moment.', 'wu-hosting'), $this->checks->schedule())];
		}
		/* translators: %s: action */
		throw new \InvalidArgumentException(sprintf(__('Unknown action \'%s\'.', 'wu-hosting'), $do));
	}

	private function dry_run(Panel $panel): array {
		$r    = $panel->sync(Domain_List::network($panel->wants_www()), ['prune' => true, 'dry_run' => true]);
		$plan = ['add' => [], 'remove' => []];
		foreach ($r['entries'] as $e) {
			if ('would_add' === $e['action']) {
				$plan['add'][] = $e['domain'];
			} elseif ('would_remove' === $e['action']) {
				$plan['remove'][] = $e['domain'];
			}
		}
		Log::panel($panel, sprintf('Status page: sync dry run, %d to add, %d to remove.', count($plan['add']), count($plan['remove'])));
		$message = $plan['add'] || $plan['remove']
			/* translators: 1: count, 2: count */
			? sprintf(__('Dry run: the sync would add %1$d and remove %2$d names. Nothing was sent yet.', 'wu-hosting'), count($plan['add']), count($plan['remove']))
			: __('Dry run: the panel already has what the network wants; a sync would change nothing.', 'wu-hosting');
		return ['kind' => 'info', 'message' => $message, 'plan' => $plan];
	}

	private function sync(Panel $panel): array {
		$r = $panel->sync(Domain_List::network($panel->wants_www()), ['prune' => true]);
		$t = $r['totals'];
		Log::panel($panel, sprintf('Status page: sync, %d added, %d removed, %d kept, %d failed.', $t['added'], $t['removed'], $t['kept'], $t['failed']), $t['failed'] ? 'error' : 'info');
		$failed = array_filter($r['entries'], fn ($e) => 'failed' === $e['action']);
		$this->after_change();
		$message = sprintf(
			/* translators: 1-4: counts */
			__('Sync done: %1$d added, %2$d removed, %3$d already there, %4$d failed.', 'wu-hosting'),
			$t['added'],
			$t['removed'],
			$t['kept'],
			$t['failed']
		);
		foreach ($failed as $e) {
			$message .= ' ' . $e['domain'] . ': ' . $e['error'];
		}
		return ['kind' => $failed ? 'error' : 'success', 'message' => $message];
	}

	private function retry(Panel $panel, string $key): array {
		$plugin = Plugin::instance();
		$all    = $plugin->failures()->all() + $plugin->retrying()->all();
		if (!isset($all[ $key ])) {
			/* translators: %s: key */
			throw new \InvalidArgumentException(sprintf(__('No failed call for %s.', 'wu-hosting'), $key));
		}
		$f  = $all[ $key ];
		$ok = $plugin->sync()->run(Failures::job($f));
		$this->after_change();
		if ($ok) {
			/* translators: %s: domain */
			return ['kind' => 'success', 'message' => sprintf(__('Retried %s: done.', 'wu-hosting'), $f['domain'])];
		}
		$now = ($plugin->failures()->all() + $plugin->retrying()->all())[ $key ] ?? null;
		/* translators: 1: domain, 2: message */
		return ['kind' => 'error', 'message' => sprintf(__('Retried %1$s: failed again: %2$s', 'wu-hosting'), $f['domain'], $now ? $now['reason'] . ' (' . $now['error'] . ')' : '')];
	}

	/** Only Enhance issues certificates when asked: Closte's panel refuses (issue_certificate()). */
	private function issue(Panel $panel, string $domain): array {
		$r = $panel->issue_certificate($domain);
		if (!empty($r['issued'])) {
			Log::panel($panel, sprintf('Status page: Let\'s Encrypt certificate issued for %s.', $r['domain']));
			$this->checks->schedule();
			/* translators: %s: domain */
			return ['kind' => 'success', 'message' => sprintf(__('Enhance issued a Let\'s Encrypt certificate for %s; the next check shows it.', 'wu-hosting'), $r['domain'])];
		}
		Log::panel($panel, sprintf('Status page: Enhance cannot issue a certificate for %s yet: %s', $r['domain'], $r['reason']), 'warning');
		/* translators: 1: domain, 2: reason */
		return ['kind' => 'error', 'message' => sprintf(__('Enhance cannot issue a certificate for %1$s yet: %2$s', 'wu-hosting'), $r['domain'], (string) $r['reason'])];
	}

	private function remove(Panel $panel, string $domain): array {
		if (in_array($domain, Domain_List::network($panel->wants_www()), true)) {
			/* translators: %s: domain */
			throw new \InvalidArgumentException(sprintf(__('%s is still mapped on the network; unmap it first.', 'wu-hosting'), $domain));
		}
		$r = $panel->remove_domain($domain);
		Log::panel($panel, sprintf('Status page: %s %s.', $r['domain'], empty($r['removed']) ? 'was not there' : 'removed'));
		$this->after_change();
		/* translators: %s: domain */
		return ['kind' => 'success', 'message' => sprintf(empty($r['removed']) ? __('%s was not on the panel.', 'wu-hosting') : __('%s was removed from the panel.', 'wu-hosting'), $r['domain'])];
	}

	/** The panel changed: list it again (one call) and queue fresh checks. */
	private function after_change(): void {
		try {
			$this->checks->refresh_panel();
		} catch (\Throwable $e) {
			Log::write('wu-hosting', 'Status page: could not list the panel after a change: ' . $e->getMessage(), 'warning');
		}
		$this->checks->schedule();
	}

	private static function result_key(): string {
		return 'wu_hosting_status_result_' . get_current_user_id();
	}

	/** Keeps the outcome for the next view of the page (this user only). */
	public static function keep_result(array $result): void {
		set_site_transient(self::result_key(), $result, 10 * MINUTE_IN_SECONDS);
	}

	/** The outcome of the last action, once. */
	public static function take_result(): ?array {
		$r = get_site_transient(self::result_key());
		if (false === $r) {
			return null;
		}
		delete_site_transient(self::result_key());
		return is_array($r) ? $r : null;
	}
}

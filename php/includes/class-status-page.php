<?php
/**
 * The network admin page "Domains on the panel"
 * (network/admin.php?page=wu-hosting-domains, under Ultimate Multisite's menu
 * when it is there, else under Settings): a summary, then one row per name with
 * its states in words, a "needs attention" filter, pages of rows, and the
 * buttons of Status_Actions. It reads stored facts only; the checks are
 * refreshed in the background (Status_Checks).
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * Menu entry and rendering of the status page.
 */
final class Status_Page {

	public const SLUG       = 'wu-hosting-domains';
	public const CAPABILITY = 'manage_network';

	/** Rows per page, unless the `wu_hosting_status_per_page` filter says otherwise. */
	public const PER_PAGE = 100;

	private Status_Checks $checks;

	public function __construct(Status_Checks $checks) {
		$this->checks = $checks;
	}

	public function register(): void {
		add_action('network_admin_menu', [$this, 'menu'], 20);
		( new Status_Actions($this->checks) )->register();
	}

	/** Under Ultimate Multisite's menu (slug wp-ultimo) when it has one, else Settings. */
	public function menu(): void {
		$parent = isset($GLOBALS['admin_page_hooks']['wp-ultimo']) ? 'wp-ultimo' : 'settings.php';
		add_submenu_page($parent, __('Domains on the panel', 'wu-hosting'), __('Domains on the panel', 'wu-hosting'), self::CAPABILITY, self::SLUG, [$this, 'render']);
	}

	public static function url(array $args = []): string {
		return add_query_arg($args + ['page' => self::SLUG], network_admin_url('admin.php'));
	}

	/** Prints the page. */
	public function render(): void {
		if (!current_user_can(self::CAPABILITY)) {
			wp_die(esc_html__('Only network admins can see this page.', 'wu-hosting'), 403);
		}
		$this->checks->refresh_if_stale();
		echo $this->html( // phpcs:ignore WordPress.Security.EscapeOutput -- escaped in html().
			Status_Table::current(),
			!empty($_GET['attention']), // phpcs:ignore WordPress.Security.NonceVerification
			max(1, isset($_GET['paged']) ? (int) $_GET['paged'] : 1), // phpcs:ignore WordPress.Security.NonceVerification
			Status_Actions::take_result()
		);
	}

	/** The page's HTML. */
	public function html(Status_Table $table, bool $attention, int $page, ?array $result): string {
		$state = $this->checks->get();
		$panel = Status_Checks::panel();
		$out   = '<div class="wrap wu-hosting-status"><h1>' . esc_html__('Domains on the panel', 'wu-hosting') . '</h1>';
		if ($result) {
			$out .= self::result_html($result);
		}
		if (null === $panel) {
			return $out . '<p>' . esc_html__('No hosting panel is configured: define the Enhance or Closte settings in wp-config.php.', 'wu-hosting') . '</p></div>';
		}
		$rows    = $table->rows();
		$summary = Status_Table::summary($rows);
		$out    .= self::summary_html($summary);
		$out    .= $this->freshness_html($state, $panel);
		$out    .= '<p class="wu-hosting-buttons">'
			. self::button('dry-run', __('Sync with the panel (dry run first)', 'wu-hosting'), 'primary')
			. ' ' . self::button('refresh', __('Check DNS and certificates now', 'wu-hosting'))
			. '</p>';

		$shown    = $attention ? Status_Table::needing_attention($rows) : $rows;
		$per_page = max(1, (int) apply_filters('wu_hosting_status_per_page', self::PER_PAGE));
		$pages    = max(1, (int) ceil(count($shown) / $per_page));
		$page     = min($page, $pages);
		$out     .= self::filter_html(count($rows), count(Status_Table::needing_attention($rows)), $attention);
		$out     .= self::table_html(array_slice($shown, ($page - 1) * $per_page, $per_page));
		$out     .= self::pages_html($page, $pages, $attention, count($shown));
		return $out . '</div>';
	}

	private static function button(string $do, string $label, string $class = 'secondary', string $domain = '', string $key = ''): string {
		return sprintf(
			'<form method="post" action="%s" class="wu-hosting-action" style="display:inline">%s<button type="submit" class="button button-%s" data-do="%s">%s</button></form>',
			esc_url(admin_url('admin-post.php')),
			Status_Actions::fields($do, $domain, $key),
			esc_attr($class),
			esc_attr($do),
			esc_html($label)
		);
	}

	private static function result_html(array $result): string {
		$class = ['success' => 'notice-success', 'error' => 'notice-error'][ $result['kind'] ] ?? 'notice-info';
		$out   = sprintf('<div class="notice %s wu-hosting-result"><p>%s</p>', $class, esc_html((string) $result['message']));
		if (isset($result['plan'])) {
			$out .= '<div class="wu-hosting-plan">';
			foreach (['add' => __('Would add', 'wu-hosting'), 'remove' => __('Would remove', 'wu-hosting')] as $k => $label) {
				$names = (array) $result['plan'][ $k ];
				$out  .= sprintf('<p><strong>%s (%d):</strong></p><ul class="wu-hosting-plan-%s">', esc_html($label), count($names), $k);
				foreach ($names as $n) {
					$out .= '<li>' . esc_html($n) . '</li>';
				}
				$out .= '</ul>';
			}
			if ($result['plan']['add'] || $result['plan']['remove']) {
				$out .= '<p>' . self::button('sync', __('Apply: sync now', 'wu-hosting'), 'primary') . '</p>';
			}
			$out .= '</div>';
		}
		return $out . '</div>';
	}

	private static function summary_html(array $s): string {
		$word = $s['broken'] ? 'broken' : ($s['waiting'] ? 'waiting' : 'fine');
		$line = sprintf(
			/* translators: 1: fine, 2: waiting, 3: broken, 4: total */
			__('%1$d fine, %2$d waiting, %3$d broken, of %4$d names.', 'wu-hosting'),
			$s['fine'],
			$s['waiting'],
			$s['broken'],
			$s['total']
		);
		$head = [
			'fine'    => __('All names are fine.', 'wu-hosting'),
			'waiting' => __('Nothing is broken; some names are waiting.', 'wu-hosting'),
			'broken'  => __('Some names are broken and need you.', 'wu-hosting'),
		][ $word ];
		return sprintf(
			'<div class="notice inline notice-%s wu-hosting-summary" data-fine="%d" data-waiting="%d" data-broken="%d" data-total="%d"><p><strong>%s</strong> %s</p></div>',
			'fine' === $word ? 'success' : ('waiting' === $word ? 'warning' : 'error'),
			$s['fine'],
			$s['waiting'],
			$s['broken'],
			$s['total'],
			esc_html($head),
			esc_html($line)
		);
	}

	private function freshness_html(array $state, Panel $panel): string {
		$when = static function ($t): string {
			return null === $t ? __('never', 'wu-hosting') : sprintf(
				/* translators: 1: time ago, 2: date */
				__('%1$s ago (%2$s)', 'wu-hosting'),
				human_time_diff((int) $t),
				gmdate('Y-m-d H:i', (int) $t) . ' UTC'
			);
		};
		$ips  = $state['server_ips'] ? implode(', ', (array) $state['server_ips']) : __('unknown (only the network domain and the wu_hosting_dns_expect filter count)', 'wu-hosting');
		$out  = '<p class="wu-hosting-freshness">';
		/* translators: 1: panel, 2: when */
		$out .= esc_html(sprintf(__('%1$s listed: %2$s.', 'wu-hosting'), $panel->title, $when($state['listed']))) . ' ';
		/* translators: %s: when */
		$out .= esc_html(sprintf(__('DNS and certificates checked: %s.', 'wu-hosting'), $when($state['checked']))) . ' ';
		/* translators: %s: addresses */
		$out .= esc_html(sprintf(__('Server addresses: %s.', 'wu-hosting'), $ips));
		if ($this->checks->pending()) {
			$out .= ' ' . esc_html__('A refresh is queued.', 'wu-hosting');
		}
		$out .= '</p>';
		if ($state['error']) {
			/* translators: %s: error */
			$out .= '<div class="notice inline notice-error"><p>' . esc_html(sprintf(__('The last refresh failed: %s', 'wu-hosting'), $state['error'])) . '</p></div>';
		}
		return $out;
	}

	private static function filter_html(int $all, int $attention, bool $only): string {
		return sprintf(
			'<ul class="subsubsub"><li><a href="%s"%s>%s <span class="count">(%d)</span></a> |</li> <li><a href="%s" class="wu-hosting-attention%s">%s <span class="count">(%d)</span></a></li></ul>',
			esc_url(self::url()),
			$only ? '' : ' class="current"',
			esc_html__('All', 'wu-hosting'),
			$all,
			esc_url(self::url(['attention' => 1])),
			$only ? ' current' : '',
			esc_html__('Needs attention', 'wu-hosting'),
			$attention
		);
	}

	private static function table_html(array $rows): string {
		$heads = [
			'domain'      => __('Domain', 'wu-hosting'),
			'status'      => __('Status', 'wu-hosting'),
			'panel'       => __('On the panel', 'wu-hosting'),
			'dns'         => __('DNS', 'wu-hosting'),
			'certificate' => __('Certificate', 'wu-hosting'),
			'stage'       => __('Ultimate Multisite stage', 'wu-hosting'),
			'failure'     => __('Last failure and next retry', 'wu-hosting'),
			'todo'        => __('What to do', 'wu-hosting'),
		];
		$out = '<table class="wp-list-table widefat striped wu-hosting-domains"><thead><tr>';
		foreach ($heads as $h) {
			$out .= '<th scope="col">' . esc_html($h) . '</th>';
		}
		$out .= '<th scope="col">' . esc_html__('Actions', 'wu-hosting') . '</th></tr></thead><tbody>';
		if (!$rows) {
			$out .= '<tr><td colspan="9">' . esc_html__('No names to show.', 'wu-hosting') . '</td></tr>';
		}
		$colours = ['fine' => '#00a32a', 'waiting' => '#dba617', 'broken' => '#d63638'];
		foreach ($rows as $r) {
			$out .= sprintf('<tr data-domain="%s" data-status="%s">', esc_attr($r['domain']), esc_attr($r['status']));
			foreach (array_keys($heads) as $col) {
				$text = (string) $r[ $col ];
				if ('status' === $col) {
					$out .= sprintf('<td data-col="status"><span style="color:%s">&#9679;</span> %s</td>', $colours[ $text ], esc_html($text));
					continue;
				}
				$out .= sprintf('<td data-col="%s">%s</td>', $col, 'domain' === $col ? '<strong>' . esc_html($text) . '</strong>' : esc_html($text));
			}
			$out .= '<td data-col="actions">' . self::row_actions($r) . '</td></tr>';
		}
		return $out . '</tbody></table>';
	}

	private static function row_actions(array $r): string {
		$buttons = [];
		if ($r['failure_key']) {
			$buttons[] = self::button('retry', __('Retry', 'wu-hosting'), 'secondary', $r['domain'], (string) $r['failure_key']);
		}
		if ($r['can_issue']) {
			$buttons[] = self::button('issue', __('Issue certificate', 'wu-hosting'), 'secondary', $r['domain']);
		}
		if ($r['can_remove']) {
			$buttons[] = self::button('remove', __('Remove from the panel', 'wu-hosting'), 'secondary', $r['domain']);
		}
		return implode(' ', $buttons);
	}

	private static function pages_html(int $page, int $pages, bool $attention, int $count): string {
		$args = $attention ? ['attention' => 1] : [];
		$out  = '<div class="tablenav bottom"><div class="tablenav-pages"><span class="displaying-num">'
			/* translators: %d: count */
			. esc_html(sprintf(_n('%d name', '%d names', $count, 'wu-hosting'), $count)) . '</span> ';
		if ($page > 1) {
			$out .= sprintf('<a class="prev-page button" href="%s">&lsaquo; %s</a> ', esc_url(self::url($args + ['paged' => $page - 1])), esc_html__('Previous', 'wu-hosting'));
		}
		/* translators: 1: page, 2: pages */
		$out .= '<span class="paging-input">' . esc_html(sprintf(__('Page %1$d of %2$d', 'wu-hosting'), $page, $pages)) . '</span>';
		if ($page < $pages) {
			$out .= sprintf(' <a class="next-page button" href="%s">%s &rsaquo;</a>', esc_url(self::url($args + ['paged' => $page + 1])), esc_html__('Next', 'wu-hosting'));
		}
		return $out . '</div></div>';
	}
}

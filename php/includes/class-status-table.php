<?php
/**
 * The rows of the status page and of `wp wu-hosting status`: one per name the
 * network wants on its panel, and one per alias the panel has that the network
 * no longer wants, each state written out in words, with a verdict (fine,
 * waiting, broken) and what to do about it. Built from stored facts only (the
 * cached checks, the failure lists, Ultimate Multisite's mapping table): no
 * panel or DNS call.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * Turns the stored facts into rows and a summary.
 */
final class Status_Table {

	public const FINE    = 'fine';
	public const WAITING = 'waiting';
	public const BROKEN  = 'broken';

	/** Columns of the shell table, in order. */
	public const FIELDS = ['domain', 'status', 'panel', 'dns', 'certificate', 'stage', 'failure', 'todo'];

	private array $state;
	private ?Panel $panel;

	/** @var array<string, string> name => Ultimate Multisite's stage */
	private array $stages;

	/** @var array<string, array> name => failure (final, or waiting for its retry) */
	private array $failures = [];

	public function __construct(array $state, ?Panel $panel, array $stages, array $failures, array $retrying) {
		$this->state  = $state;
		$this->panel  = $panel;
		$this->stages = $stages;
		foreach ([$failures, $retrying] as $list) {
			foreach ($list as $key => $f) {
				if (null === $panel || $f['panel'] === $panel->id) {
					$this->failures[ (string) $f['domain'] ] = $f + ['key' => $key];
				}
			}
		}
	}

	/** The table as the plugin sees it now. */
	public static function current(): self {
		$plugin = Plugin::instance();
		$state  = $plugin->status_checks()->get();
		$panel  = Status_Checks::panel();
		return new self($state, $panel, self::stages(), $plugin->failures()->all(), $plugin->retrying()->all());
	}

	/**
	 * Every row: the wanted names in alphabetical order, then the panel's aliases
	 * that are not wanted.
	 *
	 * @return list<array<string, mixed>>
	 */
	public function rows(): array {
		if (null === $this->panel) {
			return [];
		}
		$wanted = Domain_List::network($this->panel->wants_www());
		sort($wanted);
		$listed = is_array($this->state['domains']) ? $this->state['domains'] : null;
		$rows   = [];
		$seen   = [];
		foreach ($wanted as $name) {
			$seen[ $name ] = true;
			$on            = null === $listed ? null : isset($listed[ $name ]);
			$rows[]        = $this->row($name, null === $on ? 'unknown' : ($on ? 'yes' : 'missing'));
		}
		foreach ((array) $listed as $name => $kind) {
			if ('alias' === $kind && !isset($seen[ $name ])) {
				$rows[] = $this->row((string) $name, 'not wanted');
			}
		}
		return $rows;
	}

	/** Only the rows that are not fine. */
	public static function needing_attention(array $rows): array {
		return array_values(array_filter($rows, fn ($r) => self::FINE !== $r['status']));
	}

	/** @return array{fine: int, waiting: int, broken: int, total: int} */
	public static function summary(array $rows): array {
		$counts = [self::FINE => 0, self::WAITING => 0, self::BROKEN => 0];
		foreach ($rows as $r) {
			++$counts[ $r['status'] ];
		}
		return $counts + ['total' => count($rows)];
	}

	/** One row: states in words, the verdict, what to do. */
	private function row(string $name, string $on_panel): array {
		$dns     = $this->state['dns'][ $name ] ?? null;
		$ssl     = $this->state['ssl'][ $name ] ?? null;
		$failure = $this->failures[ $name ] ?? null;
		$stage   = $this->stage($name);

		[$dns_state, $dns_words]   = self::dns_words($dns);
		[$cert_state, $cert_words] = self::certificate_words($ssl);

		$row = [
			'domain'           => $name,
			'panel_state'      => $on_panel,
			'panel'            => self::panel_words($on_panel, $this->panel),
			'dns_state'        => $dns_state,
			'dns'              => $dns_words,
			'certificate_state' => $cert_state,
			'certificate'      => $cert_words,
			'stage'            => $stage,
			'failure'          => $failure ? self::failure_words($failure) : '',
			'failure_key'      => $failure['key'] ?? null,
			'can_issue'        => false,
			'can_remove'       => 'not wanted' === $on_panel,
		];
		$row['can_issue']        = null !== $this->panel && $this->panel->issues_certificates() && 'yes' === $on_panel
			&& 'points' === $dns_state && 'real' !== $cert_state;
		[$row['status'], $todo] = $this->verdict($row, $failure);
		$row['todo']             = $todo;
		return $row;
	}

	/** @return array{0: string, 1: string} the verdict and what to do. */
	private function verdict(array $row, ?array $failure): array {
		$todo = [];
		if ('not wanted' === $row['panel_state']) {
			return [self::BROKEN, __('The network no longer maps this name: remove the alias from the panel.', 'wu-hosting')];
		}
		$broken  = false;
		$waiting = false;
		if ($failure) {
			if (isset($failure['next'])) {
				$waiting = true;
				$todo[]  = __('The call is tried again by itself; retry now once the cause is fixed.', 'wu-hosting');
			} else {
				$broken = true;
				$todo[] = __('Fix the cause shown, then retry.', 'wu-hosting');
			}
		}
		if ('missing' === $row['panel_state']) {
			$broken = true;
			$todo[] = __('The panel lacks this name: run a sync.', 'wu-hosting');
		} elseif ('unknown' === $row['panel_state']) {
			$waiting = true;
		}
		switch ($row['dns_state']) {
			case 'points':
				break;
			case 'unchecked':
				$waiting = true;
				break;
			case 'failed':
				$waiting = true;
				$todo[]  = __('The DNS check could not finish; it runs again with the next refresh.', 'wu-hosting');
				break;
			default:
				$broken = true;
				$todo[] = $this->records_to_create($row['domain']);
		}
		switch ($row['certificate_state']) {
			case 'real':
				break;
			case 'placeholder':
			case 'none':
			case 'unchecked':
				$waiting = true;
				if ($row['can_issue']) {
					$todo[] = __('DNS points at the server: issue the certificate.', 'wu-hosting');
				}
				break;
			default:
				$broken = true;
				if ('points' === $row['dns_state'] && $row['can_issue']) {
					$todo[] = __('Issue a new certificate.', 'wu-hosting');
				}
		}
		$stage = $this->stages[ $row['domain'] ] ?? null;
		if (null !== $stage && !in_array($stage, ['done', 'done-without-ssl'], true)) {
			$waiting = true;
		}
		$status = $broken ? self::BROKEN : ($waiting ? self::WAITING : self::FINE);
		return [$status, implode(' ', array_unique($todo))];
	}

	/** The records a customer should create for $name to reach the server. */
	public function records_to_create(string $name): string {
		$ips     = array_values((array) $this->state['server_ips']);
		$network = strtolower((string) get_network()->domain);
		$foreign = self::foreign_records($this->state['dns'][ $name ] ?? []);
		$create  = $ips
			? sprintf(
				/* translators: 1: domain, 2: addresses, 3: the network's domain */
				__('Create an A record for %1$s pointing at %2$s (or a CNAME to %3$s).', 'wu-hosting'),
				$name,
				implode(', ', $ips),
				$network
			)
			: sprintf(
				/* translators: 1: domain, 2: the network's domain */
				__('Create a CNAME record for %1$s pointing at %2$s.', 'wu-hosting'),
				$name,
				$network
			);
		if ($foreign) {
			/* translators: %s: the records */
			$create .= ' ' . sprintf(__('Remove the records that point elsewhere: %s.', 'wu-hosting'), implode(', ', $foreign));
		}
		return $create;
	}

	/** The address records of a DNS answer that are not what it matched. */
	private static function foreign_records(array $dns): array {
		$matched = (string) ($dns['matched'] ?? '');
		$out     = [];
		foreach (['a' => 'A', 'aaaa' => 'AAAA'] as $key => $type) {
			foreach ((array) ($dns[ $key ] ?? []) as $ip) {
				if (false === strpos($matched, "$key $ip")) {
					$out[] = "$type $ip";
				}
			}
		}
		return $out;
	}

	private static function panel_words(string $on, ?Panel $panel): string {
		$title = $panel ? $panel->title : '';
		switch ($on) {
			case 'yes':
				/* translators: %s: panel */
				return sprintf(__('yes: on %s', 'wu-hosting'), $title);
			case 'missing':
				/* translators: %s: panel */
				return sprintf(__('missing: not on %s', 'wu-hosting'), $title);
			case 'not wanted':
				/* translators: %s: panel */
				return sprintf(__('not wanted: on %s, but no longer mapped', 'wu-hosting'), $title);
			default:
				return __('not listed yet', 'wu-hosting');
		}
	}

	/** The records of a DNS answer, as "A 192.0.2.10, CNAME x → y". */
	private static function records(array $dns): string {
		$parts = [];
		foreach ((array) $dns['cname'] as $target) {
			$parts[] = 'CNAME ' . $target;
		}
		foreach ((array) $dns['a'] as $ip) {
			$parts[] = 'A ' . $ip;
		}
		foreach ((array) $dns['aaaa'] as $ip) {
			$parts[] = 'AAAA ' . $ip;
		}
		return implode(', ', $parts);
	}

	/** @return array{0: string, 1: string} state and words */
	private static function dns_words(?array $dns): array {
		if (null === $dns) {
			return ['unchecked', __('not checked yet', 'wu-hosting')];
		}
		$records = self::records($dns);
		if ($dns['ok']) {
			/* translators: %s: records */
			return ['points', sprintf(__('points at the server (%s)', 'wu-hosting'), $records)];
		}
		switch ($dns['reason']) {
			case 'mixed':
				/* translators: %s: records */
				return ['mixed', sprintf(__('mixed: some records point elsewhere (%s)', 'wu-hosting'), $records)];
			case 'mismatch':
				/* translators: %s: records */
				return ['elsewhere', sprintf(__('points elsewhere (%s)', 'wu-hosting'), $records)];
			case 'nxdomain':
				return ['nxdomain', __('no such name (NXDOMAIN)', 'wu-hosting')];
			case 'no address':
				return ['no-address', __('no A or AAAA record', 'wu-hosting')];
			case 'invalid domain':
				return ['invalid', __('not a valid domain name', 'wu-hosting')];
			default:
				/* translators: 1: reason, 2: error */
				return ['failed', sprintf(__('could not be checked (%1$s: %2$s)', 'wu-hosting'), $dns['reason'], (string) $dns['error'])];
		}
	}

	/** @return array{0: string, 1: string} state and words */
	private static function certificate_words(?array $ssl): array {
		if (null === $ssl) {
			return ['unchecked', __('not checked yet', 'wu-hosting')];
		}
		if ($ssl['ok']) {
			return ['real', sprintf(
				/* translators: 1: days, 2: issuer, 3: date */
				__('real: %1$d days left, issued by %2$s (until %3$s)', 'wu-hosting'),
				(int) $ssl['days_left'],
				(string) $ssl['issuer'],
				(string) $ssl['not_after']
			)];
		}
		switch ($ssl['reason']) {
			case 'placeholder':
				return ['placeholder', __('Enhance\'s placeholder: no real certificate yet', 'wu-hosting')];
			case 'expired':
				/* translators: 1: date, 2: issuer */
				return ['expired', sprintf(__('expired on %1$s (issued by %2$s)', 'wu-hosting'), (string) $ssl['not_after'], (string) $ssl['issuer'])];
			case 'host mismatch':
				/* translators: %s: names */
				return ['wrong-name', sprintf(__('wrong name: the certificate is for %s', 'wu-hosting'), implode(', ', (array) $ssl['sans']) ?: (string) $ssl['issuer'])];
			case 'untrusted issuer':
			case 'self-signed':
			case 'not yet valid':
				/* translators: %s: reason */
				return ['untrusted', sprintf(__('not trusted: %s', 'wu-hosting'), $ssl['reason'])];
			default:
				/* translators: %s: reason */
				return ['none', sprintf(__('none: no certificate served (%s)', 'wu-hosting'), (string) $ssl['reason'])];
		}
	}

	private static function failure_words(array $f): string {
		$what = sprintf(
			/* translators: 1: adding or removing, 2: exception, 3: message */
			__('%1$s failed (%2$s): %3$s', 'wu-hosting'),
			'add' === $f['op'] ? __('Adding', 'wu-hosting') : __('Removing', 'wu-hosting'),
			(string) $f['error'],
			(string) $f['reason']
		);
		if (isset($f['next'])) {
			/* translators: %s: time */
			return $what . ' ' . sprintf(__('Next try at %s.', 'wu-hosting'), gmdate('Y-m-d H:i', (int) $f['next']) . ' UTC');
		}
		return $what . ' ' . __('Not retried by itself.', 'wu-hosting');
	}

	private function stage(string $name): string {
		if (isset($this->stages[ $name ])) {
			return $this->stages[ $name ];
		}
		if (str_starts_with($name, 'www.') && isset($this->stages[ substr($name, 4) ])) {
			/* translators: 1: stage, 2: domain */
			return sprintf(__('%1$s (of %2$s)', 'wu-hosting'), $this->stages[ substr($name, 4) ], substr($name, 4));
		}
		return '';
	}

	/** Ultimate Multisite's stage of each mapped domain, in one query. @return array<string, string> */
	public static function stages(): array {
		global $wpdb;
		$table = $wpdb->base_prefix . 'wu_domain_mappings';
		if ($wpdb->get_var($wpdb->prepare('SHOW TABLES LIKE %s', $table)) !== $table) {
			return [];
		}
		$out = [];
		foreach ($wpdb->get_results("SELECT domain, stage FROM `$table`", ARRAY_A) as $r) { // phpcs:ignore WordPress.DB.PreparedSQL
			$out[ strtolower((string) $r['domain']) ] = (string) $r['stage'];
		}
		return $out;
	}
}

<?php
/**
 * Test stand-in of Action Scheduler, which Ultimate Multisite bundles: the public
 * as_*() functions with their real signatures and semantics (JSON-encoded args matched
 * exactly, '' group = any group, unique = no other pending/running action with the same
 * hook and group).
 *
 * As in Action Scheduler, each site has its own table ({prefix}um_standin_actions, made
 * when first used): an action is stored on the site that is current when it is
 * scheduled, and only that site's runner sees it. The runner is the WP-Cron event
 * action_scheduler_run_queue (schedule every_minute, args ['WP Cron'], put on each
 * site's cron at init): it stakes a claim on a batch of due pending actions (claim_id),
 * runs each with do_action_ref_array($hook, array_values($args)) (in-progress, then
 * complete or failed), releases the claim, and stakes another while actions are due.
 * No async request runner. um_standin_run_actions() runs the main site's queue the same
 * way, for tests.
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

defined('ABSPATH') || exit;

if ( ! class_exists('ActionScheduler_Action', false)) {
	/**
	 * What as_get_scheduled_actions() returns for OBJECT: the getters of Action Scheduler's action class.
	 */
	class ActionScheduler_Action {

		/** @var string */
		protected $hook;
		/** @var array */
		protected $args;
		/** @var string */
		protected $group;
		/** @var int */
		protected $priority;
		/** @var string */
		protected $status;
		/** @var int|null Timestamp, null for async actions. */
		protected $timestamp;

		/**
		 * From a stored row.
		 *
		 * @param array $row The row, as um_standin_actions() returns it.
		 */
		public function __construct(array $row) {
			$this->hook      = $row['hook'];
			$this->args      = $row['args'];
			$this->group     = $row['group'];
			$this->priority  = (int) $row['priority'];
			$this->status    = $row['status'];
			$this->timestamp = 'async' === $row['schedule'] ? null : (int) $row['timestamp'];
		}

		public function get_hook() {
			return $this->hook;
		}

		public function get_args() {
			return $this->args;
		}

		public function get_group() {
			return $this->group;
		}

		public function get_priority() {
			return $this->priority;
		}

		public function is_finished() {
			return in_array($this->status, ['complete', 'failed', 'canceled'], true);
		}

		/**
		 * An object whose get_date() is the scheduled DateTime (null for async actions).
		 */
		public function get_schedule() {
			$timestamp = $this->timestamp;

			return new class( $timestamp ) {
				private $timestamp;
				public function __construct($timestamp) {
					$this->timestamp = $timestamp;
				}
				public function get_date() {
					return null === $this->timestamp ? null : new DateTime('@' . $this->timestamp);
				}
				public function is_recurring() {
					return false;
				}
			};
		}
	}
}

/**
 * The actions table.
 */
function um_standin_actions_table(): string {

	global $wpdb;

	static $made = [];

	$table = $wpdb->prefix . 'um_standin_actions';

	if ( ! isset($made[ $table ])) {
		um_standin_install_actions_table($table);

		$made[ $table ] = true;
	}

	return $table;
}

/**
 * Stores a new pending action; returns its id, or 0 when $unique and one exists.
 *
 * @param string   $hook      Hook.
 * @param array    $args      Arguments.
 * @param string   $group     Group.
 * @param bool     $unique    Unique by hook and group among pending/running actions.
 * @param int      $priority  0-255, lower runs first.
 * @param int|null $timestamp When due; null for an async action (due now).
 * @return int
 */
function um_standin_store_action($hook, $args, $group, $unique, $priority, $timestamp) {

	global $wpdb;

	$table = um_standin_actions_table();

	if ($unique) {
		$sql = "SELECT id FROM $table WHERE hook = %s AND status IN ('pending', 'in-progress')";

		$params = [$hook];

		if ('' !== (string) $group) {
			$sql     .= ' AND group_name = %s';
			$params[] = (string) $group;
		}

		if ($wpdb->get_var($wpdb->prepare($sql, $params))) { // phpcs:ignore WordPress.DB
			return 0;
		}
	}

	$now = time();

	$wpdb->insert(
		$table,
		[
			'hook'         => $hook,
			'status'       => 'pending',
			'schedule'     => null === $timestamp ? 'async' : 'single',
			'timestamp'    => null === $timestamp ? $now : (int) $timestamp,
			'args'         => wp_json_encode((array) $args),
			'group_name'   => (string) $group,
			'priority'     => max(0, min(255, (int) $priority)),
			'attempts'     => 0,
			'message'      => '',
			'date_created' => gmdate('Y-m-d H:i:s', $now),
		]
	);

	$id = (int) $wpdb->insert_id;

	do_action('action_scheduler_stored_action', $id);

	return $id;
}

/**
 * Enqueues an action to run as soon as possible.
 *
 * @return int The action id, or 0.
 */
function as_enqueue_async_action($hook, $args = [], $group = '', $unique = false, $priority = 10) {

	return um_standin_store_action($hook, $args, $group, $unique, $priority, null);
}

/**
 * Schedules an action to run once at $timestamp.
 *
 * @return int The action id, or 0.
 */
function as_schedule_single_action($timestamp, $hook, $args = [], $group = '', $unique = false, $priority = 10) {

	return um_standin_store_action($hook, $args, $group, $unique, $priority, (int) $timestamp);
}

/**
 * Finds action ids (Action Scheduler's query_actions()).
 *
 * @param array $query hook, args (array: exact match), group ('' = any), status (string|array),
 *                     date + date_compare, per_page (-1 = all), offset, orderby (date, hook, group,
 *                     action_id, none), order.
 * @return int[]
 */
function um_standin_query_action_ids(array $query) {

	global $wpdb;

	$query = wp_parse_args(
		$query,
		[
			'hook'         => '',
			'args'         => null,
			'date'         => null,
			'date_compare' => '<=',
			'group'        => '',
			'status'       => '',
			'per_page'     => 5,
			'offset'       => 0,
			'orderby'      => 'date',
			'order'        => 'ASC',
		]
	);

	$where  = ['1=1'];
	$params = [];

	if ('' !== (string) $query['hook']) {
		$where[]  = 'hook = %s';
		$params[] = $query['hook'];
	}

	if (null !== $query['args']) {
		$where[]  = 'args = %s';
		$params[] = wp_json_encode((array) $query['args']);
	}

	if ('' !== (string) $query['group']) {
		$where[]  = 'group_name = %s';
		$params[] = $query['group'];
	}

	if ( ! empty($query['status'])) {
		$statuses = (array) $query['status'];
		$where[]  = 'status IN (' . implode(',', array_fill(0, count($statuses), '%s')) . ')';
		$params   = array_merge($params, $statuses);
	}

	if (null !== $query['date']) {
		$compare  = in_array($query['date_compare'], ['<', '<=', '=', '>=', '>', '!='], true) ? $query['date_compare'] : '<=';
		$date     = $query['date'] instanceof DateTimeInterface ? $query['date']->getTimestamp() : (is_numeric($query['date']) ? (int) $query['date'] : strtotime((string) $query['date']));
		$where[]  = "timestamp $compare %d";
		$params[] = $date;
	}

	$order   = 'DESC' === strtoupper((string) $query['order']) ? 'DESC' : 'ASC';
	$columns = [
		'date'      => 'timestamp',
		'hook'      => 'hook',
		'group'     => 'group_name',
		'action_id' => 'id',
		'modified'  => 'last_attempt',
	];
	$orderby = isset($columns[ $query['orderby'] ]) ? "ORDER BY {$columns[ $query['orderby'] ]} $order, id $order" : '';

	$limit = (int) $query['per_page'] > 0 ? sprintf('LIMIT %d OFFSET %d', (int) $query['per_page'], max(0, (int) $query['offset'])) : '';

	$table = um_standin_actions_table();
	$sql   = "SELECT id FROM $table WHERE " . implode(' AND ', $where) . " $orderby $limit";

	return array_map('intval', $wpdb->get_col($params ? $wpdb->prepare($sql, $params) : $sql)); // phpcs:ignore WordPress.DB
}

/**
 * The next time an action is due: true if one is running or async-pending,
 * its timestamp if pending, false if none.
 *
 * @return int|bool
 */
function as_next_scheduled_action($hook, $args = null, $group = '') {

	$params = [
		'hook'     => $hook,
		'orderby'  => 'date',
		'order'    => 'ASC',
		'group'    => $group,
		'per_page' => 1,
	];

	if (is_array($args)) {
		$params['args'] = $args;
	}

	if (um_standin_query_action_ids($params + ['status' => 'in-progress'])) {
		return true;
	}

	$ids = um_standin_query_action_ids($params + ['status' => 'pending']);

	if (empty($ids)) {
		return false;
	}

	$row = um_standin_get_action_row($ids[0]);

	return 'async' === $row['schedule'] ? true : (int) $row['timestamp'];
}

/**
 * Whether a pending or running action exists.
 */
function as_has_scheduled_action($hook, $args = null, $group = '') {

	$params = [
		'hook'     => $hook,
		'group'    => $group,
		'status'   => ['pending', 'in-progress'],
		'per_page' => 1,
	];

	if (is_array($args)) {
		$params['args'] = $args;
	}

	return ! empty(um_standin_query_action_ids($params));
}

/**
 * Cancels the next pending action with this hook, args (default [] matches only
 * actions stored with no args, as in Action Scheduler) and group.
 *
 * @return int|null The canceled action's id.
 */
function as_unschedule_action($hook, $args = [], $group = '') {

	$params = [
		'hook'     => $hook,
		'status'   => 'pending',
		'orderby'  => 'date',
		'order'    => 'ASC',
		'group'    => $group,
		'per_page' => 1,
	];

	if (is_array($args)) {
		$params['args'] = $args;
	}

	$ids = um_standin_query_action_ids($params);

	if (empty($ids)) {
		return null;
	}

	um_standin_set_action_status($ids[0], 'canceled');

	do_action('action_scheduler_canceled_action', $ids[0]);

	return $ids[0];
}

/**
 * Cancels all pending actions: by hook (any args) or by group when $args is empty
 * and only one of them is given, else one by one as as_unschedule_action() matches.
 *
 * @return void
 */
function as_unschedule_all_actions($hook, $args = [], $group = '') {

	if (empty($args)) {
		if ( ! empty($hook) && empty($group)) {
			foreach (um_standin_query_action_ids(['hook' => $hook, 'status' => 'pending', 'per_page' => -1]) as $id) {
				um_standin_set_action_status($id, 'canceled');
			}

			return;
		}

		if ( ! empty($group) && empty($hook)) {
			foreach (um_standin_query_action_ids(['group' => $group, 'status' => 'pending', 'per_page' => -1]) as $id) {
				um_standin_set_action_status($id, 'canceled');
			}

			return;
		}
	}

	do {
		$unscheduled_action = as_unschedule_action($hook, $args, $group);
	} while ( ! empty($unscheduled_action));
}

/**
 * Finds actions. Formats: OBJECT (ActionScheduler_Action objects), ARRAY_A (arrays with
 * hook, status, args, group, schedule, timestamp, priority), 'ids'; all keyed by action id.
 *
 * @param array  $args          Query (see um_standin_query_action_ids()).
 * @param string $return_format OBJECT, ARRAY_A or 'ids'.
 * @return array
 */
function as_get_scheduled_actions($args = [], $return_format = OBJECT) {

	$ids = um_standin_query_action_ids((array) $args);

	if ('ids' === $return_format) {
		return $ids;
	}

	$actions = [];

	foreach ($ids as $id) {
		$row = um_standin_get_action_row($id);

		if ( ! $row) {
			continue;
		}

		if (ARRAY_A === $return_format) {
			unset($row['id']);
			$actions[ $id ] = $row;
		} else {
			$actions[ $id ] = new ActionScheduler_Action($row);
		}
	}

	return $actions;
}

/**
 * One action row, decoded; null if missing.
 *
 * @param int $id Action id.
 * @return array|null
 */
function um_standin_get_action_row($id) {

	global $wpdb;

	$table = um_standin_actions_table();

	$row = $wpdb->get_row($wpdb->prepare("SELECT * FROM $table WHERE id = %d", $id), ARRAY_A); // phpcs:ignore WordPress.DB

	return $row ? um_standin_decode_action_row($row) : null;
}

/**
 * A stored row as tests see it.
 *
 * @param array $row Raw row.
 * @return array
 */
function um_standin_decode_action_row(array $row) {

	$args = json_decode((string) $row['args'], true);

	return [
		'id'        => (int) $row['id'],
		'hook'      => $row['hook'],
		'args'      => is_array($args) ? $args : [],
		'group'     => $row['group_name'],
		'timestamp' => (int) $row['timestamp'],
		'status'    => $row['status'],
		'schedule'  => $row['schedule'],
		'priority'  => (int) $row['priority'],
		'attempts'  => (int) $row['attempts'],
		'message'   => (string) $row['message'],
	];
}

/**
 * Sets an action's status.
 *
 * @param int    $id     Action id.
 * @param string $status pending, in-progress, complete, failed or canceled.
 * @param string $message Optional message (the failure's).
 * @return void
 */
function um_standin_set_action_status($id, $status, $message = '') {

	global $wpdb;

	$wpdb->update(
		um_standin_actions_table(),
		[
			'status'       => $status,
			'message'      => $message,
			'last_attempt' => gmdate('Y-m-d H:i:s'),
		],
		['id' => $id]
	);
}

/**
 * Lists actions (test API), oldest first, of the main site's queue (or of $site_id's).
 *
 * @param string|null $group   Only this group; null for all.
 * @param string      $status  pending, in-progress, complete, failed, canceled; '' or 'any' for all.
 * @param int|null    $site_id The site whose queue; null for the main site.
 * @return array[] Rows: id, hook, args (array), group, timestamp, status, schedule, priority, attempts, message.
 */
function um_standin_actions(?string $group = null, string $status = 'pending', ?int $site_id = null): array {

	global $wpdb;

	$site_id = $site_id ?? (int) wu_get_main_site_id();
	$table   = is_multisite() ? $wpdb->get_blog_prefix($site_id) . 'um_standin_actions' : um_standin_actions_table();

	if ($wpdb->get_var($wpdb->prepare('SHOW TABLES LIKE %s', $wpdb->esc_like($table))) !== $table) {
		return [];
	}

	$where  = ['1=1'];
	$params = [];

	if (null !== $group) {
		$where[]  = 'group_name = %s';
		$params[] = $group;
	}

	if ('' !== $status && 'any' !== $status) {
		$where[]  = 'status = %s';
		$params[] = $status;
	}

	$sql  = "SELECT * FROM $table WHERE " . implode(' AND ', $where) . ' ORDER BY id ASC';
	$rows = $wpdb->get_results($params ? $wpdb->prepare($sql, $params) : $sql, ARRAY_A); // phpcs:ignore WordPress.DB

	return array_map('um_standin_decode_action_row', (array) $rows);
}

/**
 * Action Scheduler's queue runner on the current site: while due pending actions are
 * left (at most 100 batches), stakes a claim on up to 25 of them (priority, then date),
 * runs each claimed one that is still pending, then releases the claim. A Throwable
 * marks the action failed (kept, with its message). Returns how many ran.
 *
 * @param string   $context What started it ('WP Cron' from the cron event).
 * @param string   $group   Only this group (null = all).
 * @param int|null $now     The time taken as now.
 * @return int
 */
function um_standin_run_queue($context = 'WP Cron', ?string $group = null, ?int $now = null): int {

	global $wpdb;

	$table = um_standin_actions_table();
	$ran   = 0;

	for ($batch = 0; $batch < 100; $batch++) {
		$claim_id = (int) (hexdec(substr(md5(uniqid('', true)), 0, 7)) + 1);

		$sql    = "UPDATE $table SET claim_id = %d WHERE status = 'pending' AND claim_id = 0 AND timestamp <= %d";
		$params = [$claim_id, null === $now ? time() : $now];

		if (null !== $group) {
			$sql     .= ' AND group_name = %s';
			$params[] = $group;
		}

		$claimed = $wpdb->query($wpdb->prepare($sql . ' ORDER BY priority ASC, timestamp ASC, id ASC LIMIT 25', $params)); // phpcs:ignore WordPress.DB

		if ( ! $claimed) {
			break;
		}

		$ids = $wpdb->get_col($wpdb->prepare("SELECT id FROM $table WHERE claim_id = %d ORDER BY priority ASC, timestamp ASC, id ASC", $claim_id)); // phpcs:ignore WordPress.DB

		foreach ($ids as $id) {
			$id = (int) $id;

			// An earlier action of this batch may have canceled it.
			$started = $wpdb->query($wpdb->prepare("UPDATE $table SET status = 'in-progress', attempts = attempts + 1, last_attempt = %s WHERE id = %d AND status = 'pending'", gmdate('Y-m-d H:i:s'), $id)); // phpcs:ignore WordPress.DB

			if ( ! $started) {
				continue;
			}

			$row = um_standin_get_action_row($id);

			try {
				do_action('action_scheduler_before_execute', $id, $context);

				do_action_ref_array($row['hook'], array_values($row['args']));

				um_standin_set_action_status($id, 'complete');

				do_action('action_scheduler_after_execute', $id, null, $context);
			} catch (\Throwable $e) {
				um_standin_set_action_status($id, 'failed', $e->getMessage());

				do_action('action_scheduler_failed_execution', $id, $e, $context);
			}

			++$ran;
		}

		$wpdb->query($wpdb->prepare("UPDATE $table SET claim_id = 0 WHERE claim_id = %d", $claim_id)); // phpcs:ignore WordPress.DB
	}

	return $ran;
}

/**
 * Test API: runs the main site's queue as its WP-Cron runner does (see
 * um_standin_run_queue()), from wherever the test is. Pass a later $now to run
 * retries scheduled in the future. Returns how many ran.
 *
 * @param string|null $group Only this group.
 * @param int|null    $now   The time taken as now.
 * @return int
 */
function um_standin_run_actions(?string $group = null, ?int $now = null): int {

	$switched = is_multisite() && get_current_blog_id() !== wu_get_main_site_id();

	$switched && switch_to_blog(wu_get_main_site_id());

	try {
		return um_standin_run_queue('um-standin', $group, $now);
	} finally {
		$switched && restore_current_blog();
	}
}

/**
 * Every site's WP-Cron runs the queue every minute, as Action Scheduler arranges.
 */
add_filter(
	'cron_schedules',
	function ($schedules) {
		$schedules['every_minute'] = [
			'interval' => 60,
			'display'  => 'Every minute',
		];

		return $schedules;
	}
);

add_action('action_scheduler_run_queue', 'um_standin_run_queue');

// A deleted site's queue goes with its tables.
add_filter(
	'wpmu_drop_tables',
	function ($tables, $site_id) {
		global $wpdb;

		$tables[] = $wpdb->get_blog_prefix($site_id) . 'um_standin_actions';

		return $tables;
	},
	10,
	2
);

add_action(
	'init',
	function () {
		if ( ! wp_next_scheduled('action_scheduler_run_queue', ['WP Cron'])) {
			wp_schedule_event(time(), 'every_minute', 'action_scheduler_run_queue', ['WP Cron']);
		}
	},
	1
);

/**
 * Creates the actions table if missing.
 *
 * @return void
 */
function um_standin_install_actions_table($table = null) {

	global $wpdb;

	$table = $table ?? $wpdb->prefix . 'um_standin_actions';

	if ($wpdb->get_var($wpdb->prepare('SHOW TABLES LIKE %s', $wpdb->esc_like($table))) === $table) {
		return;
	}

	$charset_collate = $wpdb->get_charset_collate();

	$wpdb->query( // phpcs:ignore WordPress.DB
		"CREATE TABLE IF NOT EXISTS $table (
			id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
			hook varchar(191) NOT NULL,
			status varchar(20) NOT NULL,
			schedule varchar(10) NOT NULL DEFAULT 'single',
			timestamp bigint(20) NOT NULL DEFAULT 0,
			args longtext,
			group_name varchar(191) NOT NULL DEFAULT '',
			priority tinyint(3) unsigned NOT NULL DEFAULT 10,
			attempts int(11) NOT NULL DEFAULT 0,
			claim_id bigint(20) unsigned NOT NULL DEFAULT 0,
			message text,
			date_created datetime NULL DEFAULT NULL,
			last_attempt datetime NULL DEFAULT NULL,
			PRIMARY KEY  (id),
			KEY hook_status (hook, status),
			KEY group_status (group_name, status),
			KEY claim_id (claim_id)
		) $charset_collate"
	);
}

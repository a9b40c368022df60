<?php
/**
 * Test stand-in of WP_Ultimo\Models\Domain (inc/models/class-domain.php), stored in
 * {base_prefix}wu_domain_mappings through $wpdb instead of BerlinDB. It fires the hooks
 * the real model and BerlinDB fire:
 *
 * - save(): BerlinDB's column transitions, do_action("wu_transition_domain_{column}",
 *   $old, $new, $id) for the transition columns `domain` and `stage`, on every successful
 *   write (the old value is the literal 'new' on insert, the stored value on update, so
 *   old === new when unchanged); then do_action('wu_domain_post_save', $data, $this, $new).
 * - delete(): do_action('wu_domain_post_delete', $result, $this), then
 *   wu_log_clear("domain-{$domain}").
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Models;

use WP_Ultimo\Database\Domains\Domain_Stage;
use WP_Ultimo\Domain_Mapping\Helper;

defined('ABSPATH') || exit;

class Domain {

	/**
	 * Stages in which a domain is not active, whatever its `active` column says.
	 */
	const INACTIVE_STAGES = [
		Domain_Stage::CHECKING_DNS,
		Domain_Stage::CHECKING_SSL,
		Domain_Stage::FAILED,
		Domain_Stage::SSL_FAILED,
	];

	/**
	 * Columns whose changes BerlinDB reports through wu_transition_domain_{column}.
	 */
	const TRANSITION_COLUMNS = ['domain', 'stage'];

	protected $model = 'domain';

	protected $id = 0;

	protected $blog_id = 0;

	protected $domain = '';

	protected $active = true;

	protected $primary_domain = false;

	protected $secure = false;

	protected $stage = Domain_Stage::CHECKING_DNS;

	protected $date_created = '';

	protected $date_modified = '';

	/**
	 * Builds a model from an array or object of attributes (set_{key}() when it exists).
	 *
	 * @param array|object $object Attributes.
	 */
	public function __construct($object = null) {

		foreach ((array) $object as $key => $value) {
			if (method_exists($this, "set_{$key}")) {
				call_user_func([$this, "set_{$key}"], $value);
			} elseif (property_exists($this, $key) && 'model' !== $key) {
				$this->{$key} = $value;
			}
		}
	}

	public function get_id() {
		return (int) $this->id;
	}

	public function exists() {
		return ! empty($this->id);
	}

	public function get_blog_id() {
		return (int) $this->blog_id;
	}

	public function set_blog_id($blog_id) {
		$this->blog_id = $blog_id;
	}

	/**
	 * Alias of get_blog_id().
	 *
	 * @return int
	 */
	public function get_site_id() {
		return (int) $this->blog_id;
	}

	public function get_domain() {
		return $this->domain;
	}

	public function set_domain($domain) {
		$this->domain = strtolower((string) $domain);
	}

	/**
	 * Active, unless the stage is an inactive one.
	 *
	 * @return bool
	 */
	public function is_active() {

		if ($this->has_inactive_stage()) {
			return false;
		}

		return (bool) $this->active;
	}

	public function set_active($active) {
		$this->active = (bool) $active;
	}

	public function is_primary_domain() {
		return (bool) $this->primary_domain;
	}

	public function set_primary_domain($primary_domain) {
		$this->primary_domain = (bool) $primary_domain;
	}

	public function is_secure() {
		return (bool) $this->secure;
	}

	public function set_secure($secure) {
		$this->secure = (bool) $secure;
	}

	public function get_stage() {
		return $this->stage;
	}

	public function set_stage($stage) {
		$this->stage = $stage;
	}

	public function has_inactive_stage() {
		return in_array($this->get_stage(), self::INACTIVE_STAGES, true);
	}

	public function get_date_created() {
		return $this->date_created;
	}

	public function set_date_created($date_created) {
		$this->date_created = $date_created;
	}

	public function get_date_modified() {
		return $this->date_modified;
	}

	public function set_date_modified($date_modified) {
		$this->date_modified = $date_modified;
	}

	/**
	 * The URL of the domain, https when secure.
	 *
	 * @param string $path Path to append.
	 * @return string
	 */
	public function get_url($path = '') {

		$scheme = $this->is_secure() ? 'https' : 'http';

		return sprintf('%s://%s/%s', $scheme, $this->get_domain(), ltrim($path, '/'));
	}

	/**
	 * Whether DNS points at the network, checked in Ultimate Multisite's order: the loopback
	 * request, then the NS/CNAME/A records against the network domain and public IP, then
	 * the filter wu_domain_has_correct_dns (which can only turn false into true).
	 *
	 * @return bool
	 */
	public function has_correct_dns() {

		global $current_site;

		$domain_url = $this->get_domain();

		$domain_manager = \WP_Ultimo\Managers\Domain_Manager::get_instance();

		if ($domain_manager->verify_domain_with_loopback_request($this)) {
			return true;
		}

		$network_ip_address = Helper::get_network_public_ip();

		$results = \WP_Ultimo\Managers\Domain_Manager::dns_get_record($domain_url);

		$domains_and_ips = array_column((array) $results, 'data');

		if (in_array($current_site->domain, $domains_and_ips, true)) {
			return true;
		}

		if (in_array($network_ip_address, $domains_and_ips, true)) {
			return true;
		}

		$result = false;

		return apply_filters('wu_domain_has_correct_dns', $result, $this, $domains_and_ips);
	}

	/**
	 * Whether the domain serves a valid certificate for itself.
	 *
	 * @return bool
	 */
	public function has_valid_ssl_certificate() {

		return Helper::has_valid_ssl_certificate($this->get_domain());
	}

	/**
	 * The columns, as stored.
	 *
	 * @return array
	 */
	public function to_array() {

		return [
			'id'             => $this->get_id(),
			'blog_id'        => $this->get_blog_id(),
			'domain'         => $this->get_domain(),
			'active'         => (bool) $this->active,
			'primary_domain' => $this->is_primary_domain(),
			'secure'         => $this->is_secure(),
			'stage'          => $this->get_stage(),
			'date_created'   => $this->get_date_created(),
			'date_modified'  => $this->get_date_modified(),
		];
	}

	/**
	 * Validation as the model's rules: blog_id required|integer, domain
	 * required|domain|unique, stage required|in:<stages>.
	 *
	 * @return true|\WP_Error
	 */
	public function validate() {

		$errors = new \WP_Error();

		if (empty($this->blog_id) || ! is_numeric($this->blog_id)) {
			$errors->add('blog_id', __('The Blog Id field is required and must be an integer.', 'ultimate-multisite'));
		}

		$domain_regex = '/^(?!\-)(?:(?:[a-zA-Z\d][a-zA-Z\d\-]{0,61})?[a-zA-Z\d]\.){1,126}(?!\d+)[a-zA-Z\d]{1,63}$/';

		if (empty($this->domain)) {
			$errors->add('domain', __('The Domain field is required.', 'ultimate-multisite'));
		} elseif ( ! preg_match($domain_regex, $this->domain)) {
			$errors->add('domain', __('The domain name is not valid.', 'ultimate-multisite'));
		} else {
			$existing = self::get_by('domain', $this->domain);

			if ($existing && $existing->get_id() !== $this->get_id()) {
				$errors->add('domain', __('The Domain is already in use.', 'ultimate-multisite'));
			}
		}

		if ( ! array_key_exists((string) $this->stage, Domain_Stage::get_options())) {
			$errors->add('stage', __('The Stage must be a valid stage.', 'ultimate-multisite'));
		}

		return $errors->has_errors() ? $errors : true;
	}

	/**
	 * Inserts or updates the row.
	 *
	 * @return bool|\WP_Error
	 */
	public function save() {

		global $wpdb;

		$valid = $this->validate();

		if (is_wp_error($valid)) {
			return $valid;
		}

		$table = wu_domain_mappings_table();
		$new   = ! $this->exists();
		$now   = current_time('mysql', true);

		if ($new && empty($this->date_created)) {
			$this->date_created = $now;
		}

		$this->date_modified = $now;

		$data = $this->to_array();
		unset($data['id']);

		$row = $data;
		foreach (['active', 'primary_domain', 'secure'] as $flag) {
			$row[ $flag ] = (int) $row[ $flag ];
		}

		if ($new) {
			$old = [];

			if ( ! $wpdb->insert($table, $row)) {
				return new \WP_Error('db_insert_error', __('Could not insert item into the database.', 'ultimate-multisite'), $wpdb->last_error);
			}

			$this->id = (int) $wpdb->insert_id;
		} else {
			$old = (array) $wpdb->get_row($wpdb->prepare("SELECT * FROM $table WHERE id = %d", $this->id), ARRAY_A); // phpcs:ignore WordPress.DB

			if (false === $wpdb->update($table, $row, ['id' => $this->id])) {
				return new \WP_Error('db_update_error', __('Could not update item in the database.', 'ultimate-multisite'), $wpdb->last_error);
			}
		}

		// BerlinDB's transition_item(): "If no old value(s), it's new".
		foreach (self::TRANSITION_COLUMNS as $column) {
			$old_value = isset($old[ $column ]) ? $old[ $column ] : '';
			$new_value = $data[ $column ];

			if (empty($old) && '' === $old_value) {
				$old_value = 'new';
			}

			do_action("wu_transition_domain_{$column}", $old_value, $new_value, $this->get_id());
		}

		do_action('wu_domain_post_save', $data, $this, $new);

		return true;
	}

	/**
	 * Deletes the row.
	 *
	 * @return bool|\WP_Error
	 */
	public function delete() {

		global $wpdb;

		if ( ! $this->get_id()) {
			return new \WP_Error('wu_domain_delete_unsaved_item', __('Item not found.', 'ultimate-multisite'));
		}

		$result = (bool) $wpdb->delete(wu_domain_mappings_table(), ['id' => $this->get_id()]);

		do_action('wu_domain_post_delete', $result, $this);

		wu_log_clear("domain-{$this->get_domain()}");

		return $result;
	}

	/**
	 * A domain by id, or false.
	 *
	 * @param int $item_id Id.
	 * @return Domain|false
	 */
	public static function get_by_id($item_id) {

		return self::get_by('id', $item_id);
	}

	/**
	 * A domain by a column's value, or false.
	 *
	 * @param string $column Column.
	 * @param mixed  $value  Value.
	 * @return Domain|false
	 */
	public static function get_by($column, $value) {

		$results = self::query([$column => $value, 'number' => 1]);

		return empty($results) ? false : $results[0];
	}

	/**
	 * Queries domains, BerlinDB style.
	 *
	 * Supported: id, id__in, id__not_in, blog_id, blog_id__in, domain, domain__in, active,
	 * primary_domain, secure, stage, stage__in, stage__not_in, search, number (default 100),
	 * offset, orderby (default id), order (default DESC), fields ('ids'), count.
	 *
	 * @param array $query Query.
	 * @return Domain[]|int[]|int
	 */
	public static function query($query = []) {

		global $wpdb;

		$query = wp_parse_args(
			$query,
			[
				'number'  => 100,
				'offset'  => 0,
				'orderby' => 'id',
				'order'   => 'DESC',
				'fields'  => '',
				'count'   => false,
			]
		);

		$where  = ['1=1'];
		$params = [];
		$types  = [
			'id'             => '%d',
			'blog_id'        => '%d',
			'domain'         => '%s',
			'active'         => '%d',
			'primary_domain' => '%d',
			'secure'         => '%d',
			'stage'          => '%s',
		];

		foreach ($types as $column => $format) {
			if (isset($query[ $column ]) && '' !== $query[ $column ]) {
				$where[]  = "$column = $format";
				$params[] = is_bool($query[ $column ]) ? (int) $query[ $column ] : $query[ $column ];
			}

			foreach (['__in' => 'IN', '__not_in' => 'NOT IN'] as $suffix => $operator) {
				if (isset($query[ $column . $suffix ]) && is_array($query[ $column . $suffix ])) {
					$values = array_values($query[ $column . $suffix ]);

					if (empty($values)) {
						$where[] = 'IN' === $operator ? '1=0' : '1=1';
						continue;
					}

					$where[] = "$column $operator (" . implode(',', array_fill(0, count($values), $format)) . ')';
					$params  = array_merge($params, $values);
				}
			}
		}

		if ( ! empty($query['search'])) {
			$where[]  = 'domain LIKE %s';
			$params[] = '%' . $wpdb->esc_like($query['search']) . '%';
		}

		$table = wu_domain_mappings_table();
		$sql   = 'FROM ' . $table . ' WHERE ' . implode(' AND ', $where);

		if ($query['count']) {
			$sql = "SELECT COUNT(*) $sql";

			return (int) $wpdb->get_var($params ? $wpdb->prepare($sql, $params) : $sql); // phpcs:ignore WordPress.DB
		}

		$orderby = array_key_exists($query['orderby'], $types + ['date_created' => 1, 'date_modified' => 1]) ? $query['orderby'] : 'id';
		$order   = 'ASC' === strtoupper((string) $query['order']) ? 'ASC' : 'DESC';
		$sql     = "SELECT * $sql ORDER BY $orderby $order";

		if ((int) $query['number'] > 0) {
			$sql .= sprintf(' LIMIT %d OFFSET %d', (int) $query['number'], max(0, (int) $query['offset']));
		}

		$rows = (array) $wpdb->get_results($params ? $wpdb->prepare($sql, $params) : $sql, ARRAY_A); // phpcs:ignore WordPress.DB

		if ('ids' === $query['fields']) {
			return array_map('intval', array_column($rows, 'id'));
		}

		return array_map(fn($row) => new static($row), $rows);
	}
}

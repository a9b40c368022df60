<?php
/**
 * Test stand-in of WP_Ultimo\Managers\Domain_Manager (inc/managers/class-domain-manager.php):
 * the hooks that turn domain and site events into Action Scheduler jobs (group 'domain'),
 * the stage machine, the host-provider loading and the AJAX connection test.
 *
 * Generation differences (um_standin_version()):
 * - 2.4: load_integrations() loads the built-in legacy providers (only Closte and Enhance
 *   here) before do_action('wp_ultimo_host_providers_load'); an SSL stage out of tries
 *   ends in 'done-without-ssl'; test_integration() only knows legacy providers.
 * - 2.5: load_integrations() only fires the action; the SSL stage ends in 'ssl-failed';
 *   test_integration() asks the Integration_Registry first; send_domain_to_host() and
 *   handle_domain_deleted() also fire wu_domain_added / wu_domain_removed.
 *
 * Networked as Ultimate Multisite is, before any filter a plugin can answer:
 * verify_domain_with_loopback_request() sends its GETs to https:// and http:// of the
 * domain, and dns_get_record() asks, for NS, CNAME and A, DNS over HTTPS (Cloudflare,
 * then Google; through the WordPress HTTP API here, where Ultimate Multisite uses its own
 * HTTP client), then the system resolver (PHP's dns_get_record()), before the filter
 * wu_domain_dns_get_record, through which tests feed the records they want seen. Each
 * step is noted in $GLOBALS['um_standin_network_work'] (step, target).
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Managers;

use Psr\Log\LogLevel;
use WP_Ultimo\Database\Domains\Domain_Stage;
use WP_Ultimo\Domain_Mapping\Helper;
use WP_Ultimo\Models\Domain;

defined('ABSPATH') || exit;

class Domain_Manager {

	use \WP_Ultimo\Traits\Singleton;

	/**
	 * The manager slug.
	 *
	 * @var string
	 */
	protected $slug = 'domain';

	/**
	 * The model class.
	 *
	 * @var string
	 */
	protected $model_class = \WP_Ultimo\Models\Domain::class;

	/**
	 * Integrations registered so far (id => class name); see get_integrations().
	 *
	 * @var array
	 */
	protected $integrations = [];

	/**
	 * Adds the hooks.
	 */
	public function init(): void {

		add_action('plugins_loaded', [$this, 'load_integrations']);

		add_action('wp_ajax_wu_test_hosting_integration', [$this, 'test_integration']);

		add_action('wu_async_remove_old_primary_domains', [$this, 'async_remove_old_primary_domains']);

		add_action('wu_async_process_domain_stage', [$this, 'async_process_domain_stage'], 10, 2);

		add_action('wu_transition_domain_domain', [$this, 'send_domain_to_host'], 10, 3);

		add_action('wu_domain_post_delete', [$this, 'handle_domain_deleted'], 10, 2);

		add_action('wp_insert_site', [$this, 'handle_site_created']);

		add_action('wp_delete_site', [$this, 'handle_site_deleted']);
	}

	/**
	 * The host integrations (id => class name), through wu_domain_manager_get_integrations.
	 *
	 * @return array
	 */
	public function get_integrations() {

		return apply_filters('wu_domain_manager_get_integrations', $this->integrations, $this);
	}

	/**
	 * A legacy integration's instance, or false.
	 *
	 * @param string $id Integration id.
	 * @return \WP_Ultimo\Integrations\Host_Providers\Base_Host_Provider|false
	 */
	public function get_integration_instance($id) {

		$integrations = $this->get_integrations();

		if (isset($integrations[ $id ])) {
			$class_name = $integrations[ $id ];

			return $class_name::get_instance();
		}

		return false;
	}

	/**
	 * Loads the host providers (plugins_loaded, priority 10).
	 */
	public function load_integrations(): void {

		if ('2.4' === um_standin_version()) {
			\WP_Ultimo\Integrations\Host_Providers\Closte_Host_Provider::get_instance();

			\WP_Ultimo\Integrations\Host_Providers\Enhance_Host_Provider::get_instance();
		}

		do_action('wp_ultimo_host_providers_load');
	}

	/**
	 * wp_insert_site: in subdomain mode, enqueue wu_add_subdomain and create the site's domain record.
	 *
	 * @param \WP_Site $site The new site.
	 */
	public function handle_site_created($site): void {

		global $current_site;

		$has_subdomain = str_replace($current_site->domain, '', $site->domain);

		if ( ! $has_subdomain) {
			return;
		}

		$args = [
			'subdomain' => $site->domain,
			'site_id'   => $site->blog_id,
		];

		wu_enqueue_async_action('wu_add_subdomain', $args, 'domain');

		$this->create_domain_record_for_site($site);
	}

	/**
	 * Creates the primary domain record of a site, unless it has one.
	 *
	 * @param \WP_Site $site The site.
	 * @return Domain|\WP_Error
	 */
	public function create_domain_record_for_site($site) {

		$existing_domains = wu_get_domains(
			[
				'blog_id' => $site->blog_id,
				'number'  => 1,
			]
		);

		if ( ! empty($existing_domains)) {
			return $existing_domains[0];
		}

		$domain = wu_create_domain(
			[
				'blog_id'        => $site->blog_id,
				'domain'         => $site->domain,
				'active'         => true,
				'primary_domain' => true,
				'secure'         => false,
				'stage'          => 'checking-dns',
			]
		);

		if (is_wp_error($domain)) {
			wu_log_add('domain-creation', sprintf('Failed to create domain record for site %d: %s', $site->blog_id, $domain->get_error_message()), LogLevel::ERROR);

			return $domain;
		}

		wu_log_add('domain-creation', sprintf('Created domain record for site %d: %s', $site->blog_id, $site->domain));

		wu_enqueue_async_action('wu_async_process_domain_stage', ['domain_id' => $domain->get_id()], 'domain');

		return $domain;
	}

	/**
	 * wp_delete_site: in subdomain mode, enqueue wu_remove_subdomain.
	 *
	 * @param \WP_Site $site The deleted site.
	 */
	public function handle_site_deleted($site): void {

		global $current_site;

		$has_subdomain = str_replace($current_site->domain, '', $site->domain);

		if ( ! $has_subdomain) {
			return;
		}

		$args = [
			'subdomain' => $site->domain,
			'site_id'   => $site->blog_id,
		];

		wu_enqueue_async_action('wu_remove_subdomain', $args, 'domain');
	}

	/**
	 * wu_domain_post_delete: enqueue wu_remove_domain.
	 *
	 * @param bool   $result Whether the row was deleted.
	 * @param Domain $domain The domain.
	 */
	public function handle_domain_deleted($result, $domain): void {

		if ($result) {
			$args = [
				'domain'  => $domain->get_domain(),
				'site_id' => $domain->get_site_id(),
			];

			wu_enqueue_async_action('wu_remove_domain', $args, 'domain');

			if ('2.5' === um_standin_version()) {
				do_action('wu_domain_removed', $args['domain'], $args['site_id']);
			}
		}
	}

	/**
	 * wu_transition_domain_domain: enqueue wu_add_domain when the name changed (or is new).
	 *
	 * @param mixed $old_value Old name ('new' on insert).
	 * @param mixed $new_value New name.
	 * @param int   $item_id   Domain id.
	 */
	public function send_domain_to_host($old_value, $new_value, $item_id): void {

		if ($old_value !== $new_value) {
			$domain = wu_get_domain($item_id);

			$args = [
				'domain'  => $new_value,
				'site_id' => $domain->get_site_id(),
			];

			wu_enqueue_async_action('wu_add_domain', $args, 'domain');

			if ('2.5' === um_standin_version()) {
				do_action('wu_domain_added', $new_value, $args['site_id']);
			}
		}
	}

	/**
	 * Whether a www. alias should be created for $domain (setting auto_create_www_subdomain).
	 *
	 * @param string $domain Domain.
	 * @return bool
	 */
	public function should_create_www_subdomain($domain) {

		$domain = trim(strtolower($domain));

		if (strpos($domain, 'www.') === 0) {
			return false;
		}

		$setting = wu_get_setting('auto_create_www_subdomain', 'always');

		switch ($setting) {
			case 'never':
				return false;

			case 'main_only':
				return self::is_main_domain($domain);

			case 'always':
			default:
				return true;
		}
	}

	/**
	 * Whether $domain is an apex domain: at most 2 labels, or 3 with a known two-part TLD.
	 *
	 * @param string $domain Domain.
	 * @return bool
	 */
	public static function is_main_domain(string $domain) {

		$domain = rtrim(trim(strtolower($domain)), '.');

		$parts = explode('.', $domain);

		if (count($parts) <= 2) {
			return true;
		}

		$known_multi_part_tlds = apply_filters('wu_multi_part_tlds', ['.co.uk', '.com.au', '.co.nz', '.com.br', '.co.in']);

		$last_two_parts = '.' . $parts[ count($parts) - 2 ] . '.' . $parts[ count($parts) - 1 ];

		return 3 === count($parts) && in_array($last_two_parts, $known_multi_part_tlds, true);
	}

	/**
	 * The stage machine: checking-dns -> checking-ssl-cert -> done, retried every
	 * dns_check_interval seconds up to wu_async_process_domain_stage_max_tries times.
	 *
	 * @param int $domain_id Domain id.
	 * @param int $tries     Tries so far.
	 */
	public function async_process_domain_stage($domain_id, $tries = 0): void {

		$domain = wu_get_domain($domain_id);

		if ( ! $domain) {
			return;
		}

		$max_tries = apply_filters('wu_async_process_domain_stage_max_tries', 5, $domain);

		$dns_check_interval = wu_get_setting('dns_check_interval', 300);

		$dns_check_interval = max(10, min(300, (int) $dns_check_interval));

		$try_again_time = max(1, ceil($dns_check_interval / 60));

		$try_again_time = apply_filters('wu_async_process_domains_try_again_time', $try_again_time, $domain); // minutes

		++$tries;

		$stage = $domain->get_stage();

		$domain_url = $domain->get_domain();

		// translators: %s is the domain name.
		wu_log_add("domain-{$domain_url}", sprintf(__('Starting Check for %s', 'ultimate-multisite'), $domain_url));

		$retry = function () use ($domain_id, $tries, $dns_check_interval) {
			wu_schedule_single_action(
				time() + $dns_check_interval,
				'wu_async_process_domain_stage',
				[
					'domain_id' => $domain_id,
					'tries'     => $tries,
				],
				'domain'
			);
		};

		if (Domain_Stage::CHECKING_DNS === $stage) {
			if ($domain->has_correct_dns()) {
				$domain->set_stage(Domain_Stage::CHECKING_SSL);

				$domain->save();

				wu_log_add("domain-{$domain_url}", __('- DNS propagation finished, advancing domain to next step...', 'ultimate-multisite'));

				wu_enqueue_async_action(
					'wu_async_process_domain_stage',
					[
						'domain_id' => $domain_id,
						'tries'     => 0,
					],
					'domain'
				);

				do_action('wu_domain_manager_dns_propagation_finished', $domain);

				return;
			}

			if ($tries > $max_tries) {
				$domain->set_stage(Domain_Stage::FAILED);

				$domain->save();

				// translators: %d is the number of minutes to try again.
				wu_log_add("domain-{$domain_url}", sprintf(__('- DNS propagation checks tried for the max amount of times (5 times, one every %d minutes). Marking as failed.', 'ultimate-multisite'), $try_again_time));

				return;
			}

			// translators: %d is the number of minutes before trying again.
			wu_log_add("domain-{$domain_url}", sprintf(__('- DNS propagation not finished, retrying in %d minutes...', 'ultimate-multisite'), $try_again_time));

			$retry();

			return;
		}

		if (Domain_Stage::CHECKING_SSL === $stage) {
			if ($domain->has_valid_ssl_certificate()) {
				$domain->set_stage(Domain_Stage::DONE);

				$domain->set_secure(true);

				$domain->save();

				wu_log_add("domain-{$domain_url}", __('- Valid SSL cert found. Marking domain as done.', 'ultimate-multisite'));

				return;
			}

			if ($tries > $max_tries) {
				if ('2.5' === um_standin_version()) {
					// SSL FAILED instead of done-without-ssl since ssl is pretty much required.
					$domain->set_stage(Domain_Stage::SSL_FAILED);
				} else {
					$domain->set_stage(Domain_Stage::DONE_WITHOUT_SSL);
				}

				$domain->save();

				// translators: %d is the number of minutes to try again.
				wu_log_add("domain-{$domain_url}", sprintf(__('- SSL checks tried for the max amount of times (5 times, one every %d minutes). Marking as ready without SSL.', 'ultimate-multisite'), $try_again_time));

				return;
			}

			// translators: %d is the number of minutes before trying again.
			wu_log_add("domain-{$domain_url}", sprintf(__('- SSL Cert not found, retrying in %d minute(s)...', 'ultimate-multisite'), $try_again_time));

			$retry();
		}
	}

	/**
	 * Sets the given domains as non-primary.
	 *
	 * @param array $domains Domain ids.
	 */
	public function async_remove_old_primary_domains($domains): void {

		foreach ((array) $domains as $domain_id) {
			$domain = wu_get_domain($domain_id);

			if ($domain) {
				$domain->set_primary_domain(false);

				$domain->save();
			}
		}
	}

	/**
	 * DNS records of $domain (NS, CNAME, A rows: type, data, ip, ttl, host, tag): for each
	 * type the first of DNS over HTTPS at Cloudflare, at Google, then the system resolver
	 * that has an answer; then the filter wu_domain_dns_get_record.
	 *
	 * @param string $domain Domain.
	 * @return array
	 */
	public static function dns_get_record($domain) {

		$results = [];

		$system_types = [
			'NS'    => DNS_NS,
			'CNAME' => DNS_CNAME,
			'A'     => DNS_A,
		];

		foreach ($system_types as $record_type => $system_type) {
			$records = [];

			foreach (['https://cloudflare-dns.com/dns-query', 'https://dns.google/resolve'] as $resolver) {
				$url = add_query_arg(
					[
						'name' => $domain,
						'type' => $record_type,
					],
					$resolver
				);

				$GLOBALS['um_standin_network_work'][] = [
					'step'   => 'dns-over-https',
					'target' => $url,
				];

				$response = wp_remote_get(
					$url,
					[
						'timeout' => 5,
						'headers' => ['accept' => 'application/dns-json'],
					]
				);

				$answer = is_wp_error($response) ? null : json_decode(wp_remote_retrieve_body($response), true);

				foreach ((array) ($answer['Answer'] ?? []) as $row) {
					$records[] = [
						'data' => (string) ($row['data'] ?? ''),
						'ttl'  => (int) ($row['TTL'] ?? 0),
					];
				}

				if ($records) {
					break;
				}
			}

			if ( ! $records) {
				$GLOBALS['um_standin_network_work'][] = [
					'step'   => 'system-resolver',
					'target' => "$record_type $domain",
				];

				foreach ((array) @dns_get_record($domain, $system_type) as $row) { // phpcs:ignore WordPress.PHP.NoSilencedErrors
					$records[] = [
						'data' => (string) ($row['target'] ?? $row['ip'] ?? ''),
						'ttl'  => (int) ($row['ttl'] ?? 0),
					];
				}
			}

			foreach ($records as $record) {
				$data = rtrim($record['data'], '.');

				$results[] = [
					'type' => $record_type,
					'data' => $data,
					'ip'   => filter_var($data, FILTER_VALIDATE_IP) ? $data : '',
					'ttl'  => $record['ttl'],
					'host' => $domain,
					'tag'  => '',
				];
			}
		}

		return apply_filters('wu_domain_dns_get_record', $results, $domain);
	}

	/**
	 * Loopback verification: GET https://domain/ then http://domain/, success on a 200 JSON
	 * {"id": <domain id>}.
	 *
	 * @param Domain $domain The domain.
	 * @return bool
	 */
	public function verify_domain_with_loopback_request(Domain $domain): bool {

		$domain_url = $domain->get_domain();
		$domain_id  = $domain->get_id();

		$protocols_to_test = [
			[
				'url'       => "https://{$domain_url}/",
				'sslverify' => apply_filters('https_local_ssl_verify', false),
				'label'     => 'HTTPS with SSL verification',
			],
			[
				'url'   => "http://{$domain_url}/",
				'label' => 'HTTP',
			],
		];

		foreach ($protocols_to_test as $protocol_config) {
			$GLOBALS['um_standin_network_work'][] = [
				'step'   => 'loopback',
				'target' => $protocol_config['url'],
			];

			wu_log_add("domain-{$domain_url}", sprintf('Testing domain verification via Loopback using %1$s: %2$s', $protocol_config['label'], $protocol_config['url']));

			$response = wp_remote_get(
				$protocol_config['url'],
				[
					'timeout'     => 10,
					'redirection' => 0,
					'sslverify'   => $protocol_config['sslverify'] ?? false,
					'body'        => ['async_check_dns_nonce' => wp_hash($domain_url)],
				]
			);

			if (is_wp_error($response)) {
				wu_log_add("domain-{$domain_url}", sprintf('Failed to connect via %1$s: %2$s', $protocol_config['label'], $response->get_error_message()), LogLevel::WARNING);

				continue;
			}

			if (200 !== wp_remote_retrieve_response_code($response)) {
				continue;
			}

			$data = json_decode(wp_remote_retrieve_body($response), true);

			if (isset($data['id']) && (int) $data['id'] === $domain_id) {
				wu_log_add("domain-{$domain_url}", sprintf('Domain verification successful via Loopback using %1$s. Domain ID %2$d confirmed.', $protocol_config['label'], $domain_id));

				return true;
			}
		}

		wu_log_add("domain-{$domain_url}", 'Domain verification failed via loopback on all protocols (HTTPS with SSL, HTTPS without SSL, HTTP).', LogLevel::ERROR);

		return false;
	}

	/**
	 * AJAX wu_test_hosting_integration: is_setup(), then the integration's own test.
	 * No nonce or capability check, as in Ultimate Multisite.
	 */
	public function test_integration() {

		$integration_id = wu_request('integration', 'none');

		if ('2.5' === um_standin_version()) {
			$new = \WP_Ultimo\Integrations\Integration_Registry::get_instance()->get((string) $integration_id);

			if ($new) {
				if ( ! $new->is_setup()) {
					wp_send_json_error(
						[
							// translators: %s is the name of the missing constant.
							'message' => sprintf(__('The necessary constants were not found on your wp-config.php file: %s', 'ultimate-multisite'), implode(', ', $new->get_missing_constants())),
						]
					);
				}

				$result = $new->test_connection();

				if (is_wp_error($result)) {
					wp_send_json_error(['message' => $result->get_error_message()]);
				}

				wp_send_json_success(['message' => __('Access Authorized', 'ultimate-multisite')]);
			}
		}

		$integration = $this->get_integration_instance($integration_id);

		if ( ! $integration) {
			wp_send_json_error(['message' => __('Invalid Integration ID', 'ultimate-multisite')]);
		}

		if ( ! $integration->is_setup()) {
			wp_send_json_error(
				[
					// translators: %s is the name of the missing constant.
					'message' => sprintf(__('The necessary constants were not found on your wp-config.php file: %s', 'ultimate-multisite'), implode(', ', $integration->get_missing_constants())),
				]
			);
		}

		$integration->test_connection();
	}
}

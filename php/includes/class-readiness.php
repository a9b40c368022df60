<?php
/**
 * Plugs the native DNS and TLS checks into Ultimate Multisite's domain stages,
 * so a domain goes live as soon as it is really ready: AAAA records count, and
 * Enhance's placeholder certificate counts as "not yet".
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * The readiness filters and their settings.
 */
final class Readiness {

	public function register(): void {
		add_filter('wu_domain_has_correct_dns', [$this, 'filter_dns'], 10, 3);
		// Ultimate Multisite has no filter around its SSL check: run ours first.
		add_action('wu_async_process_domain_stage', [$this, 'ssl_stage'], 5, 2);
	}

	/**
	 * Before Ultimate Multisite's own `checking-ssl-cert` step: when the native
	 * check finds a valid certificate, the domain is done and secure at once, and
	 * Ultimate Multisite's step then finds nothing left to do. Otherwise its own
	 * step runs as usual (a placeholder certificate never passes ours).
	 *
	 * @param int|string $domain_id
	 * @param int        $tries
	 */
	public function ssl_stage($domain_id, $tries = 0): void {
		if (!function_exists('wu_get_domain')) {
			return;
		}
		$domain = wu_get_domain($domain_id);
		if (!$domain || 'checking-ssl-cert' !== $domain->get_stage()) {
			return;
		}
		$host = (string) $domain->get_domain();
		if (!$this->ssl_ready($host)) {
			return;
		}
		$domain->set_stage('done');
		$domain->set_secure(true);
		$domain->save();
		Log::write("domain-$host", sprintf('SSL certificate of %s is valid (native check): domain done.', $host));
	}

	/**
	 * `wu_domain_has_correct_dns`: keeps Ultimate Multisite's yes; turns its no
	 * into a yes when the domain's A or AAAA records (through CNAMEs) reach the
	 * network.
	 *
	 * @param bool         $result  Ultimate Multisite's verdict.
	 * @param object|string $domain Its Domain object (or a host name).
	 * @param array        $records What its own lookup found.
	 */
	public function filter_dns($result, $domain = null, $records = []): bool {
		if ($result) {
			return true;
		}
		$host = self::host($domain);
		return '' !== $host && $this->dns_ready($host);
	}

	/** Whether $host's DNS reaches the network now. */
	public function dns_ready(string $host): bool {
		try {
			$check = wu_dns_check($host, self::expected_targets(), self::dns_options());
		} catch (\WuHosting\Exception $e) {
			Log::write('wu-hosting', sprintf('DNS check of %s could not run: %s', $host, $e->getMessage()), 'error');
			return false;
		}
		return (bool) $check['ok'];
	}

	/** Whether $host serves a valid certificate now (a placeholder is not one). */
	public function ssl_ready(string $host): bool {
		try {
			$check = wu_ssl_check($host, self::ssl_options());
		} catch (\WuHosting\Exception $e) {
			Log::write('wu-hosting', sprintf('SSL check of %s could not run: %s', $host, $e->getMessage()), 'error');
			return false;
		}
		return (bool) $check['ok'];
	}

	/**
	 * What a domain's records may point at: the network's own domain, the
	 * server's addresses as the panel last gave them (Enhance's `serverIps`, read
	 * by the status checks), plus what the `wu_hosting_dns_expect` filter adds
	 * (the server's IPv6 address, say).
	 *
	 * @return list<string>
	 */
	public static function expected_targets(): array {
		$targets = array_merge([strtolower((string) get_network()->domain)], Status_Checks::server_ips());
		/**
		 * Filters what a mapped domain's DNS may point at.
		 *
		 * @param list<string> $targets IP addresses and host names.
		 */
		return array_values(array_unique(array_filter((array) apply_filters('wu_hosting_dns_expect', $targets))));
	}

	/** Options of wu_dns_check() (filter `wu_hosting_dns_options`; default: the system resolver). */
	public static function dns_options(): array {
		return (array) apply_filters('wu_hosting_dns_options', []);
	}

	/** Options of wu_ssl_check() (filter `wu_hosting_ssl_options`). */
	public static function ssl_options(): array {
		return (array) apply_filters('wu_hosting_ssl_options', []);
	}

	/** The host of a Domain object, or a string as is. */
	public static function host($domain): string {
		if (is_object($domain) && method_exists($domain, 'get_domain')) {
			$domain = $domain->get_domain();
		}
		return is_string($domain) ? strtolower(trim($domain)) : '';
	}
}

<?php
/**
 * Test stand-in of WP_Ultimo\Domain_Mapping\Helper (inc/domain-mapping/class-helper.php).
 *
 * Differences from the real class, so that nothing leaves the machine:
 * - get_network_public_ip() asks no IP service: it returns
 *   apply_filters('wu_get_network_public_ip', '127.0.0.1', true) (the real filter).
 * - has_valid_ssl_certificate() is the real check (stream_socket_client to ssl://host:443
 *   with capture_peer_cert and PHP's default peer verification, validity window,
 *   CN/SAN match, "Certificate Invalid: %s" logged to domain-ssl-checks), with two
 *   filters of the stand-in's own: um_standin_ssl_connect_to ("host:443" => "ip:port",
 *   the peer name/SNI stays the host) and um_standin_ssl_context_options (the ssl
 *   context options, e.g. to add a test CA as 'cafile').
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Domain_Mapping;

use Psr\Log\LogLevel;

defined('ABSPATH') || exit;

class Helper {

	/**
	 * Static-only class.
	 */
	private function __construct() {}

	/**
	 * Whether the network looks like a development install.
	 *
	 * @return bool
	 */
	public static function is_development_mode() {

		$site_url = site_url();

		$is_development_mode = preg_match('#(localhost|staging.*\.|\.local|\.test)#', $site_url);

		return apply_filters('wu_is_development_mode', $is_development_mode, $site_url);
	}

	/**
	 * The server's local address.
	 *
	 * @return string|bool
	 */
	public static function get_local_network_ip() {

		return sanitize_text_field(wp_unslash($_SERVER['SERVER_ADDR'] ?? false)); // phpcs:ignore WordPress.Security
	}

	/**
	 * The network's public IP: 127.0.0.1 through the real filter (no external lookup).
	 *
	 * @return string
	 */
	public static function get_network_public_ip() {

		return apply_filters('wu_get_network_public_ip', '127.0.0.1', true);
	}

	/**
	 * Whether $domain serves a currently valid certificate naming it.
	 *
	 * @param string $domain Domain name.
	 * @return bool
	 */
	public static function has_valid_ssl_certificate($domain = '') {

		$is_valid = false;

		if (empty($domain)) {
			return $is_valid;
		}

		$domain = str_starts_with($domain, 'https://') ? $domain : 'https://' . $domain;

		$host = (string) wp_parse_url($domain, PHP_URL_HOST);

		try {
			$ssl_options = ['capture_peer_cert' => true];

			$connect_to = (string) apply_filters('um_standin_ssl_connect_to', $host . ':443', $host);

			if ($connect_to !== $host . ':443') {
				$ssl_options['peer_name'] = $host;
			}

			$ssl_options = (array) apply_filters('um_standin_ssl_context_options', $ssl_options, $host);

			$context = stream_context_create(['ssl' => $ssl_options]);

			$stream = @stream_socket_client('ssl://' . $connect_to, $errno, $errstr, 10, STREAM_CLIENT_CONNECT, $context); // phpcs:ignore

			if ( ! $stream) {
				throw new \Exception($errstr);
			}

			$options = stream_context_get_options($context);

			if (isset($options['ssl']['peer_certificate'])) {
				$cert = openssl_x509_parse($options['ssl']['peer_certificate']);

				if ($cert) {
					$current_time = time();
					$valid_from   = $cert['validFrom_time_t'] ?? 0;
					$valid_to     = $cert['validTo_time_t'] ?? 0;

					if ($current_time >= $valid_from && $current_time <= $valid_to) {
						$common_name = $cert['subject']['CN'] ?? '';
						$alt_names   = $cert['extensions']['subjectAltName'] ?? '';

						$alt_names_array   = array_filter(array_map('trim', explode(',', str_replace('DNS:', '', $alt_names))));
						$alt_names_array[] = $common_name;

						if ($host === $common_name || in_array($host, $alt_names_array, true)) {
							$is_valid = true;
						} else {
							foreach ($alt_names_array as $alt_name) {
								if (str_starts_with($alt_name, '*.') && str_ends_with($host, substr($alt_name, 1))) {
									$is_valid = true;

									break;
								}
							}
						}
					}
				}
			}

			fclose($stream); // phpcs:ignore
		} catch (\Exception $e) {
			wu_log_add(
				'domain-ssl-checks',
				// translators: %s error message.
				sprintf(__('Certificate Invalid: %s', 'ultimate-multisite'), $e->getMessage()),
				LogLevel::ERROR
			);
		}

		return $is_valid;
	}
}

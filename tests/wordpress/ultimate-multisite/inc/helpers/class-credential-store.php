<?php
/**
 * Test stand-in of WP_Ultimo\Helpers\Credential_Store (2.5 generation): values are stored
 * as '$wu_enc$' . base64(iv . '::' . openssl_encrypt(aes-256-cbc)), keyed on
 * wp_salt('auth'); without openssl, base64 of the plain value. Values without the prefix
 * are returned unchanged by decrypt().
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Helpers;

defined('ABSPATH') || exit;

class Credential_Store {

	const PREFIX = '$wu_enc$';

	const CIPHER = 'aes-256-cbc';

	private static function key(): string {

		return hash('sha256', wp_salt('auth'), true);
	}

	public static function encrypt(string $value): string {

		if ('' === $value) {
			return '';
		}

		if ( ! function_exists('openssl_encrypt')) {
			return self::PREFIX . base64_encode($value); // phpcs:ignore
		}

		$iv = openssl_random_pseudo_bytes(openssl_cipher_iv_length(self::CIPHER));

		$encrypted = openssl_encrypt($value, self::CIPHER, self::key(), 0, $iv);

		return self::PREFIX . base64_encode($iv . '::' . $encrypted); // phpcs:ignore
	}

	public static function decrypt(string $value): string {

		if ( ! str_starts_with($value, self::PREFIX)) {
			return $value;
		}

		$decoded = base64_decode(substr($value, strlen(self::PREFIX)), true); // phpcs:ignore

		if (false === $decoded) {
			return '';
		}

		if ( ! function_exists('openssl_decrypt')) {
			return $decoded;
		}

		$iv_length = openssl_cipher_iv_length(self::CIPHER);

		if (strlen($decoded) < $iv_length + 2 || '::' !== substr($decoded, $iv_length, 2)) {
			return '';
		}

		$plain = openssl_decrypt(substr($decoded, $iv_length + 2), self::CIPHER, self::key(), 0, substr($decoded, 0, $iv_length));

		return false === $plain ? '' : $plain;
	}
}

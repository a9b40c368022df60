<?php
/**
 * Test stand-in of WP_Ultimo\Database\Domains\Domain_Stage (the domain stage enum).
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Database\Domains;

defined('ABSPATH') || exit;

class Domain_Stage {

	const FAILED = 'failed';

	const SSL_FAILED = 'ssl-failed';

	const CHECKING_DNS = 'checking-dns';

	const CHECKING_SSL = 'checking-ssl-cert';

	const DONE_WITHOUT_SSL = 'done-without-ssl';

	const DONE = 'done';

	/**
	 * All stages => labels.
	 *
	 * @return array
	 */
	public static function get_options() {

		return [
			self::CHECKING_DNS     => __('Checking DNS', 'ultimate-multisite'),
			self::CHECKING_SSL     => __('Checking SSL', 'ultimate-multisite'),
			self::DONE             => __('Ready', 'ultimate-multisite'),
			self::DONE_WITHOUT_SSL => __('Ready (without SSL)', 'ultimate-multisite'),
			self::FAILED           => __('DNS Failed', 'ultimate-multisite'),
			self::SSL_FAILED       => __('SSL Failed', 'ultimate-multisite'),
		];
	}
}

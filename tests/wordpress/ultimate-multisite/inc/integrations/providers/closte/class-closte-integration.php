<?php
/**
 * Test stand-in of WP_Ultimo\Integrations\Providers\Closte\Closte_Integration (2.5
 * generation core integration). test_connection() calls no API and returns true.
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Integrations\Providers\Closte;

use WP_Ultimo\Integrations\Integration;

defined('ABSPATH') || exit;

class Closte_Integration extends Integration {

	public function __construct() {

		parent::__construct('closte', 'Closte');

		$this->set_description(__('Closte is not just another web hosting but an advanced Powerful Cloud Platform built on top of Google Cloud.', 'ultimate-multisite'));
		$this->set_logo(wu_get_asset('closte.svg', 'img/hosts'));
		$this->set_tutorial_link('https://ultimatemultisite.com/docs/user-guide/host-integrations/closte');
		$this->set_constants(['CLOSTE_CLIENT_API_KEY']);
		$this->set_supports(['autossl', 'no-instructions', 'no-config']);
	}

	public function detect(): bool {

		return defined('CLOSTE_CLIENT_API_KEY') && CLOSTE_CLIENT_API_KEY;
	}

	public function test_connection() {

		return true;
	}
}

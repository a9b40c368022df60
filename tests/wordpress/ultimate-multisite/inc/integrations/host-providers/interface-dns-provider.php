<?php
/**
 * Test stand-in of WP_Ultimo\Integrations\Host_Providers\DNS_Provider_Interface
 * (@since 2.3.0), implemented by Base_Host_Provider. Its methods are declared without
 * return types so that both generations of Base_Host_Provider satisfy it.
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Integrations\Host_Providers;

defined('ABSPATH') || exit;

interface DNS_Provider_Interface {

	public function supports_dns_management();

	public function get_dns_records(string $domain);

	public function create_dns_record(string $domain, array $record);

	public function update_dns_record(string $domain, string $record_id, array $record);

	public function delete_dns_record(string $domain, string $record_id);

	public function get_supported_record_types();

	public function get_zone_id(string $domain);

	public function is_dns_enabled();

	public function enable_dns();

	public function disable_dns();
}

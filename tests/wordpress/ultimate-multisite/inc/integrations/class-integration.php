<?php
/**
 * Test stand-in of WP_Ultimo\Integrations\Integration (2.5 generation,
 * inc/integrations/class-integration.php): a provider's identity and credentials.
 * get_credential() reads the constant, else the network option
 * wu_hosting_credential_<CONST> (through Credential_Store); is_setup() accepts either.
 * Enabled state is shared with legacy providers (wu_host_integrations_enabled).
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

namespace WP_Ultimo\Integrations;

use WP_Ultimo\Helpers\Credential_Store;

defined('ABSPATH') || exit;

class Integration {

	protected string $id;

	protected string $title;

	protected string $description = '';

	protected string $logo = '';

	protected string $tutorial_link = '';

	protected array $constants = [];

	protected array $optional_constants = [];

	protected array $supports = [];

	protected string $enabled_option_key = 'wu_host_integrations_enabled';

	public function __construct(string $id, string $title) {

		$this->id    = $id;
		$this->title = $title;
	}

	public function get_id(): string {
		return $this->id;
	}

	public function get_title(): string {
		return $this->title;
	}

	public function get_description(): string {
		return $this->description;
	}

	public function set_description(string $description): self {
		$this->description = $description;
		return $this;
	}

	public function get_logo(): string {
		return $this->logo;
	}

	public function set_logo(string $logo): self {
		$this->logo = $logo;
		return $this;
	}

	public function get_tutorial_link(): string {
		return $this->tutorial_link;
	}

	public function set_tutorial_link(string $tutorial_link): self {
		$this->tutorial_link = $tutorial_link;
		return $this;
	}

	public function get_constants(): array {
		return $this->constants;
	}

	public function set_constants(array $constants): self {
		$this->constants = $constants;
		return $this;
	}

	public function get_optional_constants(): array {
		return $this->optional_constants;
	}

	public function set_optional_constants(array $optional_constants): self {
		$this->optional_constants = $optional_constants;
		return $this;
	}

	public function get_supports(): array {
		return $this->supports;
	}

	public function set_supports(array $supports): self {
		$this->supports = $supports;
		return $this;
	}

	/**
	 * All constants, required (flattened) then optional.
	 */
	public function get_all_constants(): array {

		$constants = [];

		foreach ($this->constants as $constant) {
			$constants = array_merge($constants, is_array($constant) ? $constant : [$constant]);
		}

		return array_merge($constants, $this->optional_constants);
	}

	/**
	 * The constant's value if defined and truthy, else the stored credential, else ''.
	 */
	public function get_credential(string $constant_name): string {

		if (defined($constant_name) && constant($constant_name)) {
			return (string) constant($constant_name);
		}

		$stored = get_network_option(null, 'wu_hosting_credential_' . $constant_name, '');

		if ( ! empty($stored)) {
			return Credential_Store::decrypt((string) $stored);
		}

		return '';
	}

	/**
	 * Stores credentials (allow-listed by get_all_constants()); empty values delete.
	 */
	public function save_credentials(array $values): void {

		$values = shortcode_atts(array_fill_keys($this->get_all_constants(), ''), $values);

		foreach ($values as $name => $value) {
			if ( ! empty($value)) {
				update_network_option(null, 'wu_hosting_credential_' . $name, Credential_Store::encrypt((string) $value));
			} else {
				delete_network_option(null, 'wu_hosting_credential_' . $name);
			}
		}
	}

	public function delete_credentials(): void {

		foreach ($this->get_all_constants() as $name) {
			delete_network_option(null, 'wu_hosting_credential_' . $name);
		}
	}

	public function is_setup(): bool {

		return empty($this->get_missing_constants());
	}

	/**
	 * The required constants with no value (all alternatives of a failing entry).
	 */
	public function get_missing_constants(): array {

		$missing = [];

		foreach ($this->constants as $constant) {
			$alternatives = is_array($constant) ? $constant : [$constant];

			$found = false;

			foreach ($alternatives as $alternative) {
				if ('' !== $this->get_credential($alternative)) {
					$found = true;

					break;
				}
			}

			if ( ! $found) {
				$missing = array_merge($missing, $alternatives);
			}
		}

		return $missing;
	}

	public function is_enabled(): bool {

		$list = get_network_option(null, $this->enabled_option_key, []);

		return ! empty($list[ $this->id ]);
	}

	public function enable(): bool {

		$list = (array) get_network_option(null, $this->enabled_option_key, []);

		$list[ $this->id ] = true;

		return update_network_option(null, $this->enabled_option_key, $list);
	}

	public function disable(): bool {

		$list = (array) get_network_option(null, $this->enabled_option_key, []);

		$list[ $this->id ] = false;

		return update_network_option(null, $this->enabled_option_key, $list);
	}

	public function get_fields(): array {

		return [];
	}

	public function detect(): bool {

		return false;
	}

	/**
	 * Its own supports, then any capability module's.
	 */
	public function supports(string $feature): bool {

		if (in_array($feature, $this->supports, true)) {
			return true;
		}

		foreach (Integration_Registry::get_instance()->get_capabilities($this->id) as $module) {
			if ($module->supports($feature)) {
				return true;
			}
		}

		return false;
	}

	/**
	 * @return bool|\WP_Error
	 */
	public function test_connection() {

		return true;
	}

	/**
	 * The will / will_not lines of every capability module.
	 */
	public function get_explainer_lines(): array {

		$lines = [
			'will'     => [],
			'will_not' => [],
		];

		foreach (Integration_Registry::get_instance()->get_capabilities($this->id) as $module) {
			$module_lines = (array) $module->get_explainer_lines();

			$lines['will']     = array_merge($lines['will'], (array) ($module_lines['will'] ?? []));
			$lines['will_not'] = array_merge($lines['will_not'], (array) ($module_lines['will_not'] ?? []));
		}

		return $lines;
	}

	/**
	 * The define lines for manual insertion (values not escaped).
	 */
	public function get_constants_string(array $constant_values): string {

		$content = [sprintf('// Ultimate Multisite - Domain Mapping - %s', $this->get_title())];

		$constant_values = shortcode_atts(array_flip($this->get_all_constants()), $constant_values);

		foreach ($constant_values as $constant => $value) {
			$content[] = sprintf("define( '%s', '%s' );", $constant, $value);
		}

		$content[] = sprintf('// Ultimate Multisite - Domain Mapping - %s - End', $this->get_title());

		return implode(PHP_EOL, $content);
	}
}

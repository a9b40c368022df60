<?php
/**
 * The wizard's "Find my ids" button: asks Enhance, through
 * wu_enhance_discover(), which organisation and website carry this network's
 * domain, from the token and URL typed in (and the server id, when given).
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * The AJAX action wu_hosting_enhance_discover and its button.
 */
final class Discovery {

	public const ACTION = 'wu_hosting_enhance_discover';

	public static function register(): void {
		add_action('wp_ajax_' . self::ACTION, [self::class, 'ajax']);
	}

	/**
	 * The candidates for the values given (field values override constants).
	 *
	 * @param array<string, string> $values Constant name => value, as typed in the wizard.
	 * @return list<array>|\WP_Error
	 */
	public static function find(#[\SensitiveParameter] array $values) {
		$enhance = Panel::get(Panel::ENHANCE);
		$config  = [];
		foreach (['WU_ENHANCE_API_TOKEN', 'WU_ENHANCE_API_URL', 'WU_ENHANCE_SERVER_ID'] as $constant) {
			$value = trim((string) ($values[ $constant ] ?? ''));
			if ('' !== $value) {
				$config[ (string) $enhance->config_key($constant) ] = $value;
			}
		}
		$config += (array) $enhance->config();
		$config['network_domain'] = (string) get_network()->domain;
		try {
			return wu_enhance_discover($config);
		} catch (\WuHosting\Exception $e) {
			return new \WP_Error('wu-hosting-discover', $e->getMessage());
		}
	}

	/** admin-ajax.php?action=wu_hosting_enhance_discover (network admins, nonce). */
	public static function ajax(): void {
		if (!current_user_can('manage_network')) {
			wp_send_json_error(['message' => __('Only network admins can do this.', 'wu-hosting')], 403);
		}
		check_ajax_referer(self::ACTION);
		$values = [];
		foreach (['WU_ENHANCE_API_TOKEN', 'WU_ENHANCE_API_URL', 'WU_ENHANCE_SERVER_ID'] as $constant) {
			$values[ $constant ] = isset($_POST[ $constant ]) ? sanitize_text_field(wp_unslash($_POST[ $constant ])) : '';
		}
		$found = self::find($values);
		if (is_wp_error($found)) {
			wp_send_json_error(['message' => $found->get_error_message()]);
		}
		wp_send_json_success(['websites' => $found]);
	}

	/** The button and the few lines of script that fill the id fields. */
	public static function button(): string {
		$url   = esc_url(admin_url('admin-ajax.php'));
		$nonce = esc_js(wp_create_nonce(self::ACTION));
		$label = esc_html__('Find my ids', 'wu-hosting');
		$none  = esc_js(__('No website of this token carries the network\'s domain.', 'wu-hosting'));
		return <<<HTML
<button type="button" class="button" id="wu-hosting-find-ids">$label</button> <span id="wu-hosting-find-ids-result"></span>
<script>
document.getElementById('wu-hosting-find-ids').addEventListener('click', function () {
	var out = document.getElementById('wu-hosting-find-ids-result');
	var body = new FormData();
	body.append('action', 'wu_hosting_enhance_discover');
	body.append('_ajax_nonce', '$nonce');
	['WU_ENHANCE_API_TOKEN', 'WU_ENHANCE_API_URL', 'WU_ENHANCE_SERVER_ID'].forEach(function (name) {
		var input = document.querySelector('[name="' + name + '"]');
		body.append(name, input ? input.value : '');
	});
	out.textContent = '…';
	fetch('$url', {method: 'POST', body: body, credentials: 'same-origin'}).then(function (r) { return r.json(); }).then(function (r) {
		if (!r.success) { out.textContent = r.data.message; return; }
		if (!r.data.websites.length) { out.textContent = '$none'; return; }
		var w = r.data.websites[0];
		if (r.data.websites.length === 1) {
			document.querySelector('[name="WU_ENHANCE_ORG_ID"]').value = w.org_id;
			document.querySelector('[name="WU_ENHANCE_WEBSITE_ID"]').value = w.website_id;
		}
		out.textContent = r.data.websites.map(function (c) { return c.domain + ': ' + c.org_name + ' / ' + c.website_id; }).join('; ');
	});
});
</script>
HTML;
	}
}

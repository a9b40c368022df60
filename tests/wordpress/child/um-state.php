<?php
/**
 * What Ultimate Multisite (the stand-in, generation UM_STANDIN_VERSION) loaded in
 * this process, the network-admin notices it queued, and which Enhance and Closte
 * integrations serve, with the SSL stage's tries. Read-only.
 */

use WuHosting\Plugin\Plugin;

$loaded = WP_Ultimo()->is_loaded();
$serving = static function (string $id) use ($loaded): ?object {
    if (!$loaded) {
        return null;
    }
    if (um_standin_version() === '2.5') {
        return \WP_Ultimo\Integrations\Integration_Registry::get_instance()->get($id);
    }
    return \WP_Ultimo\Managers\Domain_Manager::get_instance()->get_integration_instance($id) ?: null;
};
$describe = static function (?object $integration): ?array {
    return $integration === null ? null : [
        'class' => get_class($integration),
        'setup' => (bool) $integration->is_setup(),
        'missing' => array_values($integration->get_missing_constants()),
    ];
};
$own = '\WP_Ultimo\Integrations\Host_Providers\Enhance_Host_Provider';
$tries = static function (string $stage): int {
    $domain = new \WP_Ultimo\Models\Domain(['domain' => 'tries.test', 'stage' => $stage]);
    return (int) apply_filters('wu_async_process_domain_stage_max_tries', 5, $domain);
};

return [
    'generation' => um_standin_version(),
    'loaded' => $loaded,
    'notices' => $loaded ? array_keys(WP_Ultimo()->notices->get_notices('network-admin')) : null,
    'providers_load' => did_action('wp_ultimo_host_providers_load'),
    'register_integrations' => did_action('wu_register_integrations'),
    'domain_hooks' => has_action('wu_add_domain') !== false,
    'site_hook' => has_action('wu_transition_domain_domain') !== false,
    'mode' => Plugin::instance()->mode(),
    'ours_legacy' => class_exists('WuHosting\Plugin\Providers\Enhance_Host_Provider', false),
    'own_enhance' => class_exists($own, false) ? $describe($own::get_instance()) : null,
    'enhance' => $describe($serving('enhance')),
    'closte' => $describe($serving('closte')),
    'closte_detected' => defined('CLOSTE_CLIENT_API_KEY'),
    'ssl_tries' => $tries('checking-ssl-cert'),
    'dns_tries' => $tries('checking-dns'),
];

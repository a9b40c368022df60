<?php
/**
 * The plugin loaded as a must-use plugin (before Ultimate Multisite): it still
 * takes the place of Ultimate Multisite's own Enhance provider.
 */

um_standin_reset();
wu_create_domain(['blog_id' => 1, 'domain' => 'as-mu-plugin.test', 'stage' => 'checking-dns']);
um_standin_run_actions('domain');
$integrations = \WP_Ultimo\Managers\Domain_Manager::get_instance()->get_integrations();
return [
    'network_active' => is_plugin_active_for_network('wu-hosting/wu-hosting.php'),
    'mode' => \WuHosting\Plugin\Plugin::instance()->mode(),
    'integration' => $integrations['enhance'] ?? null,
    'builtin_calls' => um_standin_builtin_calls(),
];

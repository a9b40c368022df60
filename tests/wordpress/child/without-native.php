<?php
/**
 * PHP with neither the extension nor FFI: the plugin says so to network admins
 * and stands aside, so Ultimate Multisite's own Enhance provider keeps working.
 */

ob_start();
do_action('network_admin_notices');
$notice = (string) ob_get_clean();
um_standin_reset();
wu_create_domain(['blog_id' => 1, 'domain' => 'stand-aside.test', 'stage' => 'checking-dns']);
um_standin_run_actions('domain');
return [
    'mode' => function_exists('wu_hosting_native_mode') ? wu_hosting_native_mode() : null,
    'notice' => $notice,
    'ours_loaded' => class_exists('WuHosting\Plugin\Providers\Enhance_Host_Provider', false),
    'builtin_calls' => array_column(um_standin_builtin_calls('enhance'), 'domain'),
];

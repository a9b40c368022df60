<?php
/**
 * Ultimate Multisite 2.5 (its integration registry): ours replaces its own
 * Enhance integration and domain-mapping module; a mapped domain reaches the
 * panel through ours alone.
 */

$registry = \WP_Ultimo\Integrations\Integration_Registry::get_instance();
um_standin_reset();
$domain = wu_create_domain(['blog_id' => 1, 'domain' => 'registry-gen.test', 'stage' => 'checking-dns']);
um_standin_run_actions('domain');
$test = $registry->get('enhance')->test_connection();
return [
    'generation' => um_standin_version(),
    'integration' => get_class($registry->get('enhance')),
    'closte' => get_class($registry->get('closte')),
    'module' => get_class($registry->get_capability('enhance', 'domain-mapping')),
    'legacy_provider_loaded' => class_exists('WuHosting\Plugin\Providers\Enhance_Host_Provider', false),
    'builtin_calls' => um_standin_builtin_calls(),
    'failed_jobs' => um_standin_actions('domain', 'failed'),
    'connection_test' => $test === true ? true : $test->get_error_message(),
];

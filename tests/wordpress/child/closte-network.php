<?php
/**
 * A Closte network (WU_TEST_NETWORK=closte, the Closte integration enabled): a
 * mapped domain goes to Closte through ours, and the SSL stage has Closte's tries.
 */

um_standin_reset();
wu_create_domain(['blog_id' => 1, 'domain' => 'closte-network-' . um_standin_version() . '.test', 'stage' => 'checking-dns']);
um_standin_run_actions('domain');
$state = require __DIR__ . '/um-state.php';
return $state + [
    'builtin_calls' => um_standin_builtin_calls(),
    'failed_jobs' => um_standin_actions('domain', 'failed'),
];

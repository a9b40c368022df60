<?php
/**
 * Runs one scenario (child/<name>.php) in a fresh PHP process that loads the test
 * network as bootstrap.php does, for what one process cannot show twice: another
 * Ultimate Multisite generation (UM_STANDIN_VERSION=2.5), or PHP without the
 * native library. Prints the scenario's answer as JSON after a marker line.
 *
 * Usage: php run.php <scenario>
 */

declare(strict_types=1);

require dirname(__DIR__) . '/support/main-site-request.php';

require rtrim((string) getenv('WP_ROOT'), '/') . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';
wp_set_current_user(get_user_by('login', 'admin')->ID);

$scenario = basename((string) ($argv[1] ?? ''));
$answer = require __DIR__ . "/$scenario.php";
echo "\n@@answer@@\n", json_encode($answer);

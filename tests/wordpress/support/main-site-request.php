<?php
/**
 * Makes this PHP process a request for the network's main site (DOMAIN_CURRENT_SITE),
 * as WordPress expects before wp-load.php: for the suite's bootstrap and the child
 * processes of child/run.php.
 */

$_SERVER['HTTP_HOST'] = (string) getenv('DOMAIN_CURRENT_SITE');
$_SERVER['SERVER_NAME'] = $_SERVER['HTTP_HOST'];
$_SERVER['SERVER_PORT'] = '80';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = rtrim((string) getenv('WP_ROOT'), '/') . '/index.php';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
$GLOBALS['PHP_SELF'] = $_SERVER['PHP_SELF'];

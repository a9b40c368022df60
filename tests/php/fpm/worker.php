<?php
// Served by php-fpm in FpmTest: one panel call per request, reported as JSON.
header('Content-Type: application/json');
$config = [
    'api_url' => $_SERVER['WU_TEST_API_URL'],
    'api_token' => $_SERVER['WU_TEST_API_TOKEN'],
    'org_id' => $_SERVER['WU_TEST_ORG_ID'],
    'website_id' => $_SERVER['WU_TEST_WEBSITE_ID'],
];
try {
    $r = wu_enhance_test_connection($config);
    echo json_encode(['pid' => getmypid(), 'ok' => $r['ok'], 'domains' => $r['domains']]);
} catch (Throwable $e) {
    echo json_encode(['pid' => getmypid(), 'ok' => false, 'error' => get_class($e) . ': ' . $e->getMessage()]);
}

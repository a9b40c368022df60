<?php
// Served by php-fpm in FpmTest and bench/soak_fpm.php, reported as JSON with the
// worker's pid: with WU_TEST_DOMAIN, that domain added and removed again (two
// calls); without it, one call that reads the panel.
header('Content-Type: application/json');
$config = [
    'api_url' => $_SERVER['WU_TEST_API_URL'],
    'api_token' => $_SERVER['WU_TEST_API_TOKEN'],
    'org_id' => $_SERVER['WU_TEST_ORG_ID'],
    'website_id' => $_SERVER['WU_TEST_WEBSITE_ID'],
];
$out = ['pid' => getmypid()];
try {
    $domain = $_SERVER['WU_TEST_DOMAIN'] ?? null;
    if ($domain !== null) {
        $added = wu_enhance_add_domain($domain, $config);
        $removed = wu_enhance_remove_domain($domain, $config);
        $out['ok'] = $added['created'] === true && $removed['removed'] === true;
        if (!$out['ok']) {
            $out['error'] = 'unexpected answers: ' . json_encode([$added, $removed]);
        }
    } else {
        $r = wu_enhance_test_connection($config);
        $out += ['ok' => $r['ok'], 'domains' => $r['domains']];
    }
} catch (Throwable $e) {
    $out += ['ok' => false, 'error' => get_class($e) . ': ' . $e->getMessage()];
}
echo json_encode($out);

<?php
/**
 * PHP at its best: the same work with curl_multi, CONCURRENCY requests in flight,
 * connections kept and reused; a removal run lists once, then deletes by id.
 *
 * php bench/php_multi.php add|remove FROM COUNT CONCURRENCY [PREFIX]
 */

declare(strict_types=1);

require __DIR__ . '/lib.php';

[$mode, $from, $count, $concurrency] = [$argv[1], (int) $argv[2], (int) $argv[3], (int) $argv[4]];
$prefix = $argv[5] ?? 'bench';
$p = env_panel();
$headers = ['Authorization: Bearer ' . $p['WU_ENHANCE_API_TOKEN'], 'Content-Type: application/json', 'Accept: application/json'];

$t = microtime(true);
$jobs = [];
if ($mode === 'add') {
    foreach (bench_domains($from, $count, $prefix) as $d) {
        $jobs[] = ['POST', $p['domains_url'], json_encode(['domain' => $d]), 201];
    }
} else {
    $h = curl_init($p['domains_url']);
    curl_setopt_array($h, [CURLOPT_RETURNTRANSFER => true, CURLOPT_CAINFO => $p['WU_HOSTING_CA_FILE'], CURLOPT_HTTPHEADER => $headers]);
    $ids = array_column(json_decode((string) curl_exec($h), true)['items'], 'domainId', 'domain');
    curl_close($h);
    foreach (bench_domains($from, $count, $prefix) as $d) {
        if (isset($ids[$d])) {
            $jobs[] = ['DELETE', $p['domains_url'] . '/' . $ids[$d], null, 204];
        }
    }
}

$multi = curl_multi_init();
curl_multi_setopt($multi, CURLMOPT_MAX_HOST_CONNECTIONS, $concurrency);
$free = [];
for ($i = 0; $i < $concurrency; $i++) {
    $h = curl_init();
    curl_setopt_array($h, [CURLOPT_RETURNTRANSFER => true, CURLOPT_CAINFO => $p['WU_HOSTING_CA_FILE'], CURLOPT_HTTPHEADER => $headers, CURLOPT_TIMEOUT => 45]);
    $free[] = $h;
}
$expect = [];
$ok = 0;
$next = 0;
$running = 0;
do {
    while ($free && $next < count($jobs)) {
        [$method, $url, $body, $want] = $jobs[$next++];
        $h = array_pop($free);
        curl_setopt_array($h, [CURLOPT_URL => $url, CURLOPT_CUSTOMREQUEST => $method, CURLOPT_POSTFIELDS => $body ?? '']);
        $expect[(int) $h] = $want;
        curl_multi_add_handle($multi, $h);
    }
    curl_multi_exec($multi, $running);
    curl_multi_select($multi, 0.05);
    while ($info = curl_multi_info_read($multi)) {
        $h = $info['handle'];
        $ok += curl_getinfo($h, CURLINFO_RESPONSE_CODE) === $expect[(int) $h] ? 1 : 0;
        curl_multi_remove_handle($multi, $h);
        $free[] = $h;
    }
} while ($running > 0 || $next < count($jobs));
echo json_encode(['seconds' => microtime(true) - $t, 'ok' => $ok, 'count' => $count]);

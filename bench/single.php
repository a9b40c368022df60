<?php
/**
 * Single-call latency with a warm connection: wu_enhance_add_domain (which asks
 * the panel whether the name is free, then creates it) beside PHP curl sending the
 * one create on a reused handle. Prints medians and 90th percentiles in ms.
 *
 * php -d extension=... bench/single.php CALLS
 */

declare(strict_types=1);

require __DIR__ . '/lib.php';

$calls = (int) ($argv[1] ?? 200);
$p = env_panel();
$config = ext_config($p);

function percentile(array $ms, float $q): float
{
    sort($ms);
    return $ms[(int) floor($q * (count($ms) - 1))];
}

wu_enhance_add_domain('warm-ext.example.com', $config);
$ext = [];
foreach (bench_domains(0, $calls, 'single-ext') as $d) {
    $t = hrtime(true);
    wu_enhance_add_domain($d, $config);
    $ext[] = (hrtime(true) - $t) / 1e6;
}

$h = curl_init();
curl_setopt_array($h, [
    CURLOPT_RETURNTRANSFER => true, CURLOPT_CAINFO => $p['WU_HOSTING_CA_FILE'], CURLOPT_CUSTOMREQUEST => 'POST', CURLOPT_URL => $p['domains_url'],
    CURLOPT_HTTPHEADER => ['Authorization: Bearer ' . $p['WU_ENHANCE_API_TOKEN'], 'Content-Type: application/json'],
]);
curl_setopt($h, CURLOPT_POSTFIELDS, json_encode(['domain' => 'warm-curl.example.com']));
curl_exec($h);
$curl = [];
foreach (bench_domains(0, $calls, 'single-curl') as $d) {
    curl_setopt($h, CURLOPT_POSTFIELDS, json_encode(['domain' => $d]));
    $t = hrtime(true);
    curl_exec($h);
    $curl[] = (hrtime(true) - $t) / 1e6;
}
echo json_encode([
    'ext_median' => percentile($ext, 0.5), 'ext_p90' => percentile($ext, 0.9),
    'curl_median' => percentile($curl, 0.5), 'curl_p90' => percentile($curl, 0.9),
    'calls' => $calls,
]);

<?php
/**
 * The PHP way: the request pattern of Ultimate Multisite's Enhance integration,
 * reproduced with PHP's curl as wp_remote_request drives it: one request per
 * domain on a fresh connection (new handle, no reuse), a 45 s timeout, no retry;
 * a removal lists all the website's domains, then deletes by id.
 *
 * php bench/php_way.php add|remove FROM COUNT [PREFIX]
 */

declare(strict_types=1);

require __DIR__ . '/lib.php';

[$mode, $from, $count] = [$argv[1], (int) $argv[2], (int) $argv[3]];
$prefix = $argv[4] ?? 'bench';
$p = env_panel();

function request(array $p, string $method, string $url, ?string $body): array
{
    $h = curl_init($url);
    curl_setopt_array($h, [
        CURLOPT_CUSTOMREQUEST => $method,
        CURLOPT_RETURNTRANSFER => true,
        CURLOPT_TIMEOUT => 45,
        CURLOPT_FRESH_CONNECT => true,
        CURLOPT_FORBID_REUSE => true,
        CURLOPT_CAINFO => $p['WU_HOSTING_CA_FILE'],
        CURLOPT_HTTPHEADER => ['Authorization: Bearer ' . $p['WU_ENHANCE_API_TOKEN'], 'Content-Type: application/json', 'Accept: application/json'],
    ]);
    if ($body !== null) {
        curl_setopt($h, CURLOPT_POSTFIELDS, $body);
    }
    $text = curl_exec($h);
    $status = (int) curl_getinfo($h, CURLINFO_RESPONSE_CODE);
    curl_close($h);
    return [$status, $text];
}

$ok = 0;
$t = microtime(true);
foreach (bench_domains($from, $count, $prefix) as $d) {
    if ($mode === 'add') {
        [$status] = request($p, 'POST', $p['domains_url'], json_encode(['domain' => $d]));
        $ok += $status === 201 ? 1 : 0;
    } else {
        [$status, $text] = request($p, 'GET', $p['domains_url'], null);
        $id = null;
        foreach (json_decode((string) $text, true)['items'] ?? [] as $item) {
            if ($item['domain'] === $d) {
                $id = $item['domainId'];
                break;
            }
        }
        if ($id !== null) {
            [$status] = request($p, 'DELETE', $p['domains_url'] . '/' . $id, null);
            $ok += $status === 204 ? 1 : 0;
        }
    }
}
echo json_encode(['seconds' => microtime(true) - $t, 'ok' => $ok, 'count' => $count]);

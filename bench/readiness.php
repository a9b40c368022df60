<?php
/**
 * The readiness benchmark, run by bench/readiness.sh inside its private network
 * namespace: the extension's batch checks beside plain PHP doing the same work
 * the way a PHP plugin would (one domain after the other), against the same
 * loopback fixtures. Both sides compute the same verdicts, and the run stops if
 * they disagree.
 *
 * Usage: php -d extension=... bench/readiness.php READY_FILE DNS_DOMAINS TLS_CHECKS [ROUNDS [TITLE]]
 * (TLS_CHECKS 0 skips the TLS part; a TITLE replaces the machine line.)
 */

declare(strict_types=1);

[$readyFile, $dnsDomains, $tlsChecks] = [$argv[1], (int) ($argv[2] ?? 1000), (int) ($argv[3] ?? 200)];
$rounds = max(1, (int) ($argv[4] ?? 5));
$title = $argv[5] ?? null;
$ready = json_decode((string) file_get_contents($readyFile), true);

/** A DNS check in plain PHP: A, AAAA and CNAME from the system resolver, compared with the expectation. */
function php_dns_check(string $domain, array $ips, array $hosts): array
{
    $records = @dns_get_record($domain, DNS_A | DNS_AAAA | DNS_CNAME);
    if ($records === false) {
        return ['domain' => $domain, 'ok' => false, 'error' => 'lookup failed'];
    }
    $a = $aaaa = $cname = [];
    foreach ($records as $r) {
        match ($r['type']) {
            'A' => $a[] = $r['ip'],
            'AAAA' => $aaaa[] = $r['ipv6'],
            'CNAME' => $cname[] = strtolower($r['target']),
            default => null,
        };
    }
    $addresses = array_merge($a, $aaaa);
    if ($addresses === []) {
        return ['domain' => $domain, 'ok' => false, 'error' => 'no address'];
    }
    if (array_intersect($cname, array_keys($hosts)) !== []) {
        return ['domain' => $domain, 'ok' => true];
    }
    $foreign = array_diff($addresses, $ips);
    $matched = array_intersect($addresses, $ips);
    return ['domain' => $domain, 'ok' => $matched !== [] && $foreign === []];
}

/** A TLS check in plain PHP: connect with SNI and verification, then read the certificate's fields. */
function php_ssl_check(string $domain, string $address, string $caFile): array
{
    $context = stream_context_create(['ssl' => [
        'peer_name' => $domain,
        'SNI_enabled' => true,
        'verify_peer' => true,
        'verify_peer_name' => true,
        'cafile' => $caFile,
        'capture_peer_cert' => true,
    ]]);
    $stream = @stream_socket_client("ssl://$address", $errno, $errstr, 10, STREAM_CLIENT_CONNECT, $context);
    if ($stream === false) {
        return ['domain' => $domain, 'ok' => false, 'error' => $errstr];
    }
    $cert = stream_context_get_params($stream)['options']['ssl']['peer_certificate'] ?? null;
    fclose($stream);
    $info = $cert ? openssl_x509_parse($cert) : false;
    if ($info === false) {
        return ['domain' => $domain, 'ok' => false, 'error' => 'no certificate'];
    }
    $sans = array_map(
        fn ($s) => preg_replace('/^(DNS|IP Address):/', '', trim($s)),
        explode(',', $info['extensions']['subjectAltName'] ?? '')
    );
    $issuer = $info['issuer']['CN'] ?? '';
    $placeholder = ($issuer === $domain && $info['issuer'] == $info['subject'])
        || (gmdate('Y-m-d', $info['validFrom_time_t']) === '1975-01-01');
    return [
        'domain' => $domain,
        'ok' => !$placeholder,
        'issuer' => $issuer,
        'subject' => $info['subject']['CN'] ?? '',
        'sans' => $sans,
        'not_before' => gmdate('Y-m-d\TH:i:s\Z', $info['validFrom_time_t']),
        'not_after' => gmdate('Y-m-d\TH:i:s\Z', $info['validTo_time_t']),
        'days_left' => intdiv($info['validTo_time_t'] - time(), 86400),
        'placeholder' => $placeholder,
    ];
}

function timed(callable $fn): array
{
    $t = hrtime(true);
    $result = $fn();
    return [(hrtime(true) - $t) / 1e9, $result];
}

function median(array $xs): float
{
    sort($xs);
    return $xs[intdiv(count($xs), 2)];
}

function oks(array $answers): array
{
    return array_map(fn ($a) => (bool) $a['ok'], array_values($answers));
}

// DNS: b0..bN.bench.test cycle through A; A+AAAA; CNAME to the network's domain; a foreign A.
$domains = array_map(fn ($i) => "b$i.bench.test", range(0, $dnsDomains - 1));
$expect = [$ready['server_ipv4'], $ready['server_ipv6'], $ready['network_domain']];
$concurrency = (int) ini_get('wu_hosting.max_concurrency');

$dns = ['wu' => [], 'php' => []];
for ($round = 0; $round < $rounds; $round++) {
    [$s, $wu] = timed(fn () => wu_dns_check_many($domains, $expect));
    $dns['wu'][] = $s;
    [$s, $php] = timed(function () use ($domains, $expect) {
        // The expectation's host name is resolved once, as the extension does.
        $ips = [$expect[0], $expect[1]];
        foreach (@dns_get_record($expect[2], DNS_A | DNS_AAAA) ?: [] as $r) {
            $ips[] = $r['ip'] ?? $r['ipv6'];
        }
        return array_map(fn ($d) => php_dns_check($d, $ips, [$expect[2] => true]), $domains);
    });
    $dns['php'][] = $s;
    if (oks($wu) !== oks($php)) {
        fwrite(STDERR, "DNS verdicts differ between the extension and PHP\n");
        exit(1);
    }
}
$dnsOk = count(array_filter(oks($wu)));

// TLS: N names under the wildcard certificate, all checked against its server.
$names = array_map(fn ($i) => "b$i.wild.tls.test", range(0, $tlsChecks - 1));
$address = $ready['tls']['wildcard'];
$tls = ['wu' => [], 'php' => []];
for ($round = 0; $round < ($tlsChecks > 0 ? $rounds : 0); $round++) {
    [$s, $wu] = timed(fn () => wu_ssl_check_many($names, ['connect_to' => $address, 'ca_file' => $ready['ca_file']]));
    $tls['wu'][] = $s;
    [$s, $php] = timed(fn () => array_map(fn ($d) => php_ssl_check($d, $address, $ready['ca_file']), $names));
    $tls['php'][] = $s;
    if (oks($wu) !== oks($php) || in_array(false, oks($wu), true)) {
        fwrite(STDERR, "TLS verdicts differ or failed: " . json_encode([$wu[0], $php[0]]) . "\n");
        exit(1);
    }
}

$cpu = trim((string) shell_exec("sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1"));
$seconds = fn (array $xs) => implode(' ', array_map(fn ($x) => sprintf('%.3f', $x), $xs));
$lines = [
    $title ?? sprintf('machine: %s, %d cores (nproc), Linux %s, PHP %s', $cpu ?: 'unknown CPU', (int) shell_exec('nproc'), php_uname('r'), PHP_VERSION),
    sprintf('rounds: %d of each, median shown (all rounds in seconds in brackets)', $rounds),
    '',
    sprintf('DNS, %d domains (%d answer ok), max_concurrency %d:', $dnsDomains, $dnsOk, $concurrency),
    sprintf('  wu_dns_check_many()          %7.3f s  [%s]', median($dns['wu']), $seconds($dns['wu'])),
    sprintf('  PHP dns_get_record() loop    %7.3f s  [%s]', median($dns['php']), $seconds($dns['php'])),
    sprintf('  ratio                        %7.1fx', median($dns['php']) / median($dns['wu'])),
];
if ($tlsChecks > 0) {
    array_push(
        $lines,
        '',
        sprintf('TLS, %d checks against one loopback server, max_concurrency %d:', $tlsChecks, $concurrency),
        sprintf('  wu_ssl_check_many()          %7.3f s  [%s]', median($tls['wu']), $seconds($tls['wu'])),
        sprintf('  PHP stream_socket_client()   %7.3f s  [%s]', median($tls['php']), $seconds($tls['php'])),
        sprintf('  ratio                        %7.1fx', median($tls['php']) / median($tls['wu'])),
    );
}
echo implode("\n", $lines), "\n";

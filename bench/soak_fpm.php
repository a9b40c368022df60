<?php
/**
 * The extension under a real php-fpm pool for a while: Debian's php-fpm8.2 with
 * `pm = static` and WORKERS workers (default 8), the extension loaded by the
 * master, started by this script with a configuration of its own in a temporary
 * directory. WORKERS clients (processes of this script) send REQUESTS FastCGI
 * requests each (default 1,000), one after the other, a new FastCGI connection
 * per request; each request adds a domain of its own on fake-panel and removes it
 * again (tests/php/fpm/worker.php). Prints a Markdown table: errors (0 is the
 * goal), requests/s, request times, the workers that served, the panel
 * connections they opened (one per worker is the goal: counted by fake-panel),
 * and the workers' resident memory at their first and last request.
 * fake-panel, php-fpm, the clients and the temporary directory are stopped and
 * removed when the script ends, however it ends.
 *
 * php bench/soak_fpm.php [WORKERS] [REQUESTS]
 */

declare(strict_types=1);

require __DIR__ . '/../tests/php/support/FpmPool.php';

use WuHosting\Tests\FakePanel;
use WuHosting\Tests\FpmPool;

const WORKER_SCRIPT = __DIR__ . '/../tests/php/fpm/worker.php';

// A client: REQUESTS requests, one after the other, to the pool at SOCKET; the
// panel's settings come from the environment (bench/lib.php's panel_env()).
if (($argv[1] ?? '') === '--client') {
    [, , $socket, $count, $client] = $argv;
    $params = [
        'SCRIPT_FILENAME' => realpath(WORKER_SCRIPT),
        'REQUEST_METHOD' => 'GET',
        'WU_TEST_API_URL' => getenv('WU_ENHANCE_API_URL'),
        'WU_TEST_API_TOKEN' => getenv('WU_ENHANCE_API_TOKEN'),
        'WU_TEST_ORG_ID' => getenv('WU_ENHANCE_ORG_ID'),
        'WU_TEST_WEBSITE_ID' => getenv('WU_ENHANCE_WEBSITE_ID'),
    ];
    $out = ['errors' => 0, 'messages' => [], 'millis' => [], 'workers' => []];
    for ($i = 0; $i < (int) $count; $i++) {
        $started = hrtime(true);
        try {
            [, $body, $stderr] = FpmPool::request($socket, $params + ['WU_TEST_DOMAIN' => "fpm$client-$i.example.com"]);
            $answer = json_decode($body, true);
            if (!is_array($answer) || ($answer['ok'] ?? false) !== true) {
                throw new RuntimeException(is_array($answer) ? (string) ($answer['error'] ?? 'not ok') : "not JSON: $body $stderr");
            }
        } catch (Throwable $e) {
            $out['errors']++;
            if (count($out['messages']) < 5) {
                $out['messages'][] = "request $i: " . $e->getMessage();
            }
            continue;
        } finally {
            $out['millis'][] = (hrtime(true) - $started) / 1e6;
        }
        $w = &$out['workers'][$answer['pid']];
        $w ??= ['requests' => 0, 'first_rss_kb' => $answer['rss_kb']];
        $w['requests']++;
        $w['last_rss_kb'] = $answer['rss_kb'];
        unset($w);
    }
    echo json_encode($out);
    exit(0);
}

require __DIR__ . '/lib.php';
require ROOT . '/tests/php/support/FakePanel.php';

$workers = (int) ($argv[1] ?? 8);
$requests = (int) ($argv[2] ?? 1000);
$extension = getenv('WU_HOSTING_EXTENSION') ?: ROOT . '/target/release/libwu_hosting.so';

[, $ready] = panel_start(0);
$panel = new FakePanel(json_encode($ready));
$pool = new FpmPool($extension, $workers, ['wu_hosting.ca_file' => $ready['ca_file']]);
$aliasesBefore = count($panel->networkDomains());

// The clients, stopped too if this script ends before they do.
$clients = [];
register_shutdown_function(function () use (&$clients): void {
    foreach ($clients as $c) {
        if (proc_get_status($c[0])['running']) {
            proc_terminate($c[0]);
        }
        proc_close($c[0]);
    }
    $clients = [];
});

fwrite(STDERR, "php-fpm: $workers workers; $workers clients × " . number_format($requests) . " requests...\n");
$before = $panel->state();
$started = microtime(true);
for ($c = 0; $c < $workers; $c++) {
    $proc = proc_open([PHP_BINARY, __FILE__, '--client', $pool->socket, (string) $requests, (string) $c],
        [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, panel_env($ready));
    $clients[] = [$proc, $pipes];
}
$results = [];
foreach ($clients as [$proc, $pipes]) {
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    $r = json_decode((string) $out, true);
    if (!is_array($r)) {
        fwrite(STDERR, "a client failed: $out $err\n");
        exit(1);
    }
    $results[] = $r;
}
$seconds = microtime(true) - $started;
// Each admin call is a connection of its own: the state read after the run is one.
$state = $panel->state();
$panelConnections = (int) $state['connections'] - (int) $before['connections'] - 1;
$panelRequests = (int) $state['requests'] - (int) $before['requests'];
$logConnections = count(array_unique(array_column($state['log'], 'conn')));
$aliasesAfter = count($panel->networkDomains());

$errors = array_sum(array_column($results, 'errors'));
$millis = array_merge(...array_column($results, 'millis'));
sort($millis);
$pick = fn (float $q) => $millis[(int) min(count($millis) - 1, floor($q * count($millis)))];
$served = [];
foreach ($results as $r) {
    foreach ($r['workers'] as $pid => $w) {
        $s = &$served[$pid];
        $s ??= ['requests' => 0, 'first' => PHP_INT_MAX, 'last' => 0];
        $s['requests'] += $w['requests'];
        $s['first'] = min($s['first'], $w['first_rss_kb']);
        $s['last'] = max($s['last'], $w['last_rss_kb']);
        unset($s);
    }
    foreach ($r['messages'] as $m) {
        fwrite(STDERR, "$m\n");
    }
}
$total = $workers * $requests;

echo "### php-fpm, $workers workers (pm = static), $workers clients × " . number_format($requests) . " requests\n\n";
echo "| what | value |\n|---|---:|\n";
printf("| requests / errors | %s / %d |\n", number_format($total), $errors);
printf("| time, requests/s | %.1f s, %.0f/s |\n", $seconds, $total / $seconds);
printf("| request time, median / p90 / p99 (ms) | %.2f / %.2f / %.2f |\n", $pick(0.5), $pick(0.9), $pick(0.99));
printf("| workers that served (requests each, fewest to most) | %d (%s to %s) |\n", count($served),
    number_format(min(array_column($served, 'requests'))), number_format(max(array_column($served, 'requests'))));
printf("| panel requests | %s |\n", number_format($panelRequests));
printf("| panel connections opened (fake-panel's count) | %d |\n", $panelConnections);
printf("| distinct connections among the panel's last %s requests | %d |\n", number_format(count($state['log'])), $logConnections);
printf("| worker resident memory at its first / last request, kB (median over workers) | %d / %d |\n",
    median(array_column($served, 'first')), median(array_column($served, 'last')));
printf("| aliases on the network website before / after | %d / %d |\n", $aliasesBefore, $aliasesAfter);

function median(array $values): int
{
    sort($values);
    return (int) $values[intdiv(count($values), 2)];
}

$ok = $errors === 0 && $panelConnections <= count($served) && $aliasesAfter === $aliasesBefore;
if (!$ok) {
    fwrite(STDERR, "Not as expected: errors, more panel connections than workers, or aliases left over. php-fpm's log:\n" . $pool->log() . "\n");
}
exit($ok ? 0 : 1);

<?php
/**
 * The extension under a real php-fpm pool for a while: Debian's php-fpm8.2 with
 * `pm = static` and WORKERS workers (default 8), the extension loaded by the
 * master, started by this script with a configuration of its own in a temporary
 * directory. WORKERS clients (processes of this script) send REQUESTS FastCGI
 * requests each (default 1,000), one after the other, a new FastCGI connection
 * per request; each request adds a domain of its own on fake-panel and removes it
 * again (tests/php/fpm/worker.php). A warm-up of 25 requests per client comes
 * first. Prints a Markdown table: errors (0 is the goal), requests/s, request
 * times, the workers that served, the panel connections they opened (one per
 * worker is the goal: counted by fake-panel, warm-up included), and the workers'
 * resident memory (VmRSS, from /proc) after the warm-up and after the run.
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
        $out['workers'][$answer['pid']] = ($out['workers'][$answer['pid']] ?? 0) + 1;
    }
    echo json_encode($out);
    exit(0);
}

require __DIR__ . '/lib.php';
require ROOT . '/tests/php/support/FakePanel.php';

/** Requests per client before the measured run: every worker has made its panel client. */
const WARMUP = 25;

function median(array $values): int
{
    sort($values);
    return (int) $values[intdiv(count($values), 2)];
}

$workers = (int) ($argv[1] ?? 8);
$requests = (int) ($argv[2] ?? 1000);
$extension = getenv('WU_HOSTING_EXTENSION') ?: ROOT . '/target/release/libwu_hosting.so';

[, $ready] = panel_start(0);
$panel = new FakePanel(json_encode($ready));
$pool = new FpmPool($extension, $workers, ['wu_hosting.ca_file' => $ready['ca_file']]);
$aliasesBefore = count($panel->networkDomains());

/** The clients running, stopped too if this script ends before they do. */
$GLOBALS['clients'] = [];
register_shutdown_function(function (): void {
    foreach ($GLOBALS['clients'] as $proc) {
        if (proc_get_status($proc)['running']) {
            proc_terminate($proc);
        }
        proc_close($proc);
    }
    $GLOBALS['clients'] = [];
});

/**
 * $clients clients sending $count requests each, at the same time; returns their
 * answers and the seconds until the last one finished.
 */
function run_clients(FpmPool $pool, array $ready, int $clients, int $count, string $tag): array
{
    $started = microtime(true);
    $running = [];
    for ($c = 0; $c < $clients; $c++) {
        $proc = proc_open([PHP_BINARY, __FILE__, '--client', $pool->socket, (string) $count, "$tag$c"],
            [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, panel_env($ready));
        $GLOBALS['clients'][(int) $proc] = $proc;
        $running[(int) $proc] = $pipes;
    }
    // Read with a short select, not a blocking read, so that an interrupt ends
    // this script (and what it started) at once.
    $open = [];
    $text = [];
    foreach ($running as $c => $pipes) {
        foreach ([1, 2] as $fd) {
            $open["$c/$fd"] = $pipes[$fd];
            $text["$c/$fd"] = '';
        }
    }
    while ($open !== []) {
        $readable = array_values($open);
        $none = null;
        if (!@stream_select($readable, $none, $none, 0, 200_000)) {
            continue;
        }
        foreach ($open as $key => $pipe) {
            if (in_array($pipe, $readable, true)) {
                $chunk = fread($pipe, 65536);
                $text[$key] .= (string) $chunk;
                if (($chunk === '' || $chunk === false) && feof($pipe)) {
                    unset($open[$key]);
                }
            }
        }
    }
    foreach ($GLOBALS['clients'] as $id => $proc) {
        proc_close($proc);
        unset($GLOBALS['clients'][$id]);
    }
    $results = [];
    foreach (array_keys($running) as $c) {
        $r = json_decode($text["$c/1"], true);
        if (!is_array($r)) {
            fwrite(STDERR, "a client failed: {$text["$c/1"]} {$text["$c/2"]}\n");
            exit(1);
        }
        $results[] = $r;
    }
    return [$results, microtime(true) - $started];
}

$before = $panel->state();
fwrite(STDERR, "php-fpm: $workers workers; warm-up, $workers clients × " . WARMUP . " requests...\n");
[$warm] = run_clients($pool, $ready, $workers, WARMUP, 'w');
$rssWarm = $pool->workers();
fwrite(STDERR, "php-fpm: $workers clients × " . number_format($requests) . " requests...\n");
[$results, $seconds] = run_clients($pool, $ready, $workers, $requests, 'c');
$rssEnd = $pool->workers();
// Each admin call is a connection of its own: the state read after the run is one.
$state = $panel->state();
$panelConnections = (int) $state['connections'] - (int) $before['connections'] - 1;
$panelRequests = (int) $state['requests'] - (int) $before['requests'];
$logConnections = count(array_unique(array_column($state['log'], 'conn')));
$aliasesAfter = count($panel->networkDomains());

$errors = array_sum(array_column($results, 'errors'));
$warmErrors = array_sum(array_column($warm, 'errors'));
$millis = array_merge(...array_column($results, 'millis'));
sort($millis);
$pick = fn (float $q) => $millis[(int) min(count($millis) - 1, floor($q * count($millis)))];
$served = [];
foreach ($results as $r) {
    foreach ($r['workers'] as $pid => $n) {
        $served[$pid] = ($served[$pid] ?? 0) + $n;
    }
    foreach ($r['messages'] as $m) {
        fwrite(STDERR, "$m\n");
    }
}
$growth = [];
foreach ($rssEnd as $pid => $kb) {
    if (isset($rssWarm[$pid])) {
        $growth[] = $kb - $rssWarm[$pid];
    }
}
sort($growth);
$total = $workers * $requests;

echo "### php-fpm, $workers workers (pm = static), $workers clients × " . number_format($requests) . " requests\n\n";
echo "| what | value |\n|---|---:|\n";
printf("| requests / errors | %s / %d |\n", number_format($total), $errors);
printf("| warm-up before them: requests / errors | %s / %d |\n", number_format($workers * WARMUP), $warmErrors);
printf("| time, requests/s | %.1f s, %.0f/s |\n", $seconds, $total / $seconds);
printf("| request time, median / p90 / p99 (ms) | %.2f / %.2f / %.2f |\n", $pick(0.5), $pick(0.9), $pick(0.99));
printf("| workers that served (requests each, fewest to most) | %d (%s to %s) |\n", count($served),
    number_format(min($served)), number_format(max($served)));
printf("| panel requests (warm-up included) | %s |\n", number_format($panelRequests));
printf("| panel connections opened, warm-up included (fake-panel's count) | %d |\n", $panelConnections);
printf("| distinct connections among the panel's last %s requests | %d |\n", number_format(count($state['log'])), $logConnections);
printf("| worker resident memory after the warm-up / after the run, kB (median) | %d / %d |\n", median($rssWarm), median($rssEnd));
printf("| worker resident memory growth over the run, kB (smallest / median / largest) | %d / %d / %d |\n",
    $growth[0], median($growth), end($growth));
printf("| the same %d worker processes after the run | %s |\n", count($rssWarm), array_keys($rssWarm) == array_keys($rssEnd) ? 'yes' : 'no');
printf("| aliases on the network website before / after | %d / %d |\n", $aliasesBefore, $aliasesAfter);

$ok = $errors + $warmErrors === 0 && $panelConnections <= count($rssEnd) && $aliasesAfter === $aliasesBefore;
if (!$ok) {
    fwrite(STDERR, "Not as expected: errors, more panel connections than workers, or aliases left over. php-fpm's log:\n" . $pool->log() . "\n");
}
exit($ok ? 0 : 1);

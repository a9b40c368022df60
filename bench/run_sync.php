<?php
/**
 * The sync benchmark: the PHP way, PHP at its best (curl_multi) and the extension,
 * side by side against fake-panel over HTTPS on loopback, with 0 ms and 30 ms of
 * added panel latency, for 1,000 and 10,000 domains; plus the bound, single-call
 * latency, and the extension's footprint. Prints Markdown tables.
 *
 * php bench/run_sync.php [--quick]   (make bench runs it; --quick: 1,000 domains only)
 */

declare(strict_types=1);

require __DIR__ . '/lib.php';

const CONCURRENCY = 16;
const PHP_WAY_ADD_SAMPLE = 1000;
const PHP_WAY_REMOVE_SAMPLE = 200;

$quick = in_array('--quick', $argv, true);
$sizes = $quick ? [1000] : [1000, 10000];
$latencies = [0, 30];
$rows = [];

function fmt(float $s): string
{
    return $s >= 100 ? sprintf('%.0f', $s) : ($s >= 10 ? sprintf('%.1f', $s) : sprintf('%.2f', $s));
}

function populate(array $ready, int $n): void
{
    admin($ready, 'POST', 'reset');
    $r = run_child($ready, [__DIR__ . '/ours.php', 'add', '0', (string) $n, (string) CONCURRENCY], true);
    if ($r['ok'] !== $n) {
        fwrite(STDERR, "populating failed: " . json_encode($r) . "\n");
        exit(1);
    }
}

function wrk_capacity(array $ready): float
{
    $url = $ready['enhance_api_url'] . 'orgs/' . $ready['enhance_org_id'] . '/websites/' . $ready['enhance_website_id'] . '/domains';
    $cmd = sprintf('WU_ENHANCE_API_TOKEN=%s wrk -t2 -c%d -d5s -s %s %s 2>&1', escapeshellarg($ready['enhance_token']), CONCURRENCY, escapeshellarg(__DIR__ . '/wrk_create.lua'), escapeshellarg($url));
    $out = (string) shell_exec($cmd);
    if (!preg_match('/Requests\/sec:\s+([\d.]+)/', $out, $m)) {
        fwrite(STDERR, "wrk failed: $out\n");
        exit(1);
    }
    if (preg_match('/Non-2xx or 3xx responses: (\d+)/', $out, $bad)) {
        fwrite(STDERR, "wrk saw {$bad[1]} failed answers\n");
    }
    return (float) $m[1];
}

foreach ($latencies as $latency) {
    [$proc, $ready] = panel_start($latency);
    $capacity = null;
    if ($latency === 0) {
        $capacity = wrk_capacity($ready);
    }
    foreach ($sizes as $n) {
        fwrite(STDERR, "latency $latency ms, $n domains...\n");
        $c = (string) CONCURRENCY;
        // The PHP way (sampled and scaled above the sample size).
        admin($ready, 'POST', 'reset');
        $addN = min($n, PHP_WAY_ADD_SAMPLE);
        $wayAdd = run_child($ready, [__DIR__ . '/php_way.php', 'add', '0', (string) $addN]);
        populate($ready, $n);
        $remN = $n > PHP_WAY_ADD_SAMPLE ? PHP_WAY_REMOVE_SAMPLE : $n;
        $wayRemove = run_child($ready, [__DIR__ . '/php_way.php', 'remove', '0', (string) $remN]);
        $way = [
            'add' => $wayAdd['seconds'] * $n / $addN, 'remove' => $wayRemove['seconds'] * $n / $remN,
            'ok' => $wayAdd['ok'] === $addN && $wayRemove['ok'] === $remN,
            'note' => $addN < $n ? sprintf('adds measured on %d, removals on %d, scaled', $addN, $remN) : '',
        ];
        // curl_multi.
        admin($ready, 'POST', 'reset');
        $mAdd = run_child($ready, [__DIR__ . '/php_multi.php', 'add', '0', (string) $n, $c]);
        $mRem = run_child($ready, [__DIR__ . '/php_multi.php', 'remove', '0', (string) $n, $c]);
        $multi = ['add' => $mAdd['seconds'], 'remove' => $mRem['seconds'], 'ok' => $mAdd['ok'] === $n && $mRem['ok'] === $n, 'note' => ''];
        // The extension.
        admin($ready, 'POST', 'reset');
        $oAdd = run_child($ready, [__DIR__ . '/ours.php', 'add', '0', (string) $n, $c], true);
        $oPrune = run_child($ready, [__DIR__ . '/ours.php', 'prune', '0', (string) $n, $c], true);
        $ours = ['add' => $oAdd['seconds'], 'remove' => $oPrune['seconds'], 'ok' => $oAdd['ok'] === $n && $oPrune['ok'] === $n, 'note' => "adaptive, peak {$oAdd['peak']} in flight; removals by prune"];
        populate($ready, $n);
        $oneN = min($n, PHP_WAY_ADD_SAMPLE);
        $oRem = run_child($ready, [__DIR__ . '/ours.php', 'remove', '0', (string) $oneN, $c], true);
        $oneByOne = ['add' => null, 'remove' => $oRem['seconds'] * $n / $oneN, 'ok' => $oRem['ok'] === $oneN,
            'note' => 'one wu_enhance_remove_domain() per domain, ids known' . ($oneN < $n ? ", measured on $oneN, scaled" : '')];
        $bound = $latency > 0
            ? ['add' => $n * $latency / 1000 / CONCURRENCY, 'remove' => $n * $latency / 1000 / CONCURRENCY, 'note' => "N × latency ÷ " . CONCURRENCY]
            : ['add' => $n / $capacity, 'remove' => null, 'note' => sprintf('wrk, %d connections: %.0f creates/s', CONCURRENCY, $capacity)];
        $rows[] = [$n, $latency, 'PHP way (curl, fresh connection per request)', $way];
        $rows[] = [$n, $latency, 'PHP at its best (curl_multi, ' . CONCURRENCY . ' in flight)', $multi];
        $rows[] = [$n, $latency, 'wu_hosting (wu_enhance_sync)', $ours];
        $rows[] = [$n, $latency, 'wu_hosting (remove_domain loop)', $oneByOne];
        $rows[] = [$n, $latency, 'bound', $bound + ['ok' => true]];
        foreach ([$way, $multi, $ours, $oneByOne] as $r) {
            if (!$r['ok']) {
                fwrite(STDERR, "a run did not complete every domain: " . json_encode($r) . "\n");
                exit(1);
            }
        }
    }
    panel_stop($proc);
}

echo "### Bulk adds and removals (seconds, lower is better)\n\n";
echo "| domains | latency | method | adds | removals | adds vs ours | notes |\n|---:|---:|---|---:|---:|---:|---|\n";
$oursAdd = [];
foreach ($rows as [$n, $l, $name, $r]) {
    if ($name === 'wu_hosting (wu_enhance_sync)') {
        $oursAdd["$n/$l"] = $r['add'];
    }
}
foreach ($rows as [$n, $l, $name, $r]) {
    $ratio = $r['add'] !== null ? sprintf('%.1f×', $r['add'] / $oursAdd["$n/$l"]) : '';
    printf("| %s | %d ms | %s | %s | %s | %s | %s |\n", number_format($n), $l, $name,
        $r['add'] === null ? '' : fmt($r['add']), $r['remove'] === null ? '' : fmt($r['remove']), $ratio, $r['note']);
}

// One call with a warm connection.
[$proc, $ready] = panel_start(0);
$single = run_child($ready, [__DIR__ . '/single.php', '300'], true);
echo "\n### One call, warm connection, 0 ms latency (ms)\n\n| | median | p90 |\n|---|---:|---:|\n";
printf("| wu_enhance_add_domain (check + create: 2 requests) | %.3f | %.3f |\n", $single['ext_median'], $single['ext_p90']);
printf("| PHP curl, reused handle (create only: 1 request) | %.3f | %.3f |\n", $single['curl_median'], $single['curl_p90']);

// Footprint.
$without = run_child($ready, [__DIR__ . '/footprint.php']);
$with = run_child($ready, [__DIR__ . '/footprint.php'], true);
putenv('CALL=1');
$proc2 = proc_open([PHP_BINARY, '-d', 'extension=' . ROOT . '/target/release/libwu_hosting.so', __DIR__ . '/footprint.php'], [1 => ['pipe', 'w']], $pipes, null, panel_env($ready) + ['CALL' => '1']);
$called = json_decode((string) stream_get_contents($pipes[1]), true);
proc_close($proc2);
panel_stop($proc);
$so = filesize(ROOT . '/target/release/libwu_hosting.so');
echo "\n### Footprint\n\n| | value |\n|---|---:|\n";
printf("| resident memory of an idle `php` without / with the extension | %d kB / %d kB (+%d kB) |\n", $without['rss_kb'], $with['rss_kb'], $with['rss_kb'] - $without['rss_kb']);
printf("| threads before the first call (extension loaded) | %d |\n", $with['threads']);
printf("| threads / resident memory after one panel call | %d / %d kB |\n", $called['threads_after_call'], $called['rss_kb_after_call']);
printf("| size of libwu_hosting.so | %.1f MiB |\n", $so / 1048576);

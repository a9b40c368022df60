<?php
/**
 * Memory over a long life: one PHP process makes CALLS mixed calls to the
 * extension (default 100,000) against fake-panel over HTTPS on loopback and the
 * wu-fixtures DNS and TLS servers, and reads its resident memory (VmRSS in
 * /proc/self/status) after a warm-up and at ten points after it. Prints a
 * Markdown table: calls, seconds, VmRSS, PHP's own heap, growth since the warm-up.
 *
 * The mix, one round of 25 calls on names from a set of 16: Enhance add (new,
 * then again: already there), list, remove (there, then gone), test connection,
 * a sync of two names and their removal, a bad domain (InvalidDomainException), a
 * bad $config (ConfigException), a wrong token (AuthException from the panel);
 * Closte add, list, remove and a wrong key (AuthException); wu_dns_check of a name
 * that resolves and of one that does not exist (nxdomain, at once); wu_ssl_check
 * of a loopback TLS server; wu_hosting_write_constants into a temporary
 * wp-config.php (a change, then the same values: no write); with a logger set,
 * which gets one line per panel request. Every outcome is checked; any other
 * outcome is counted and printed, and makes the exit status 1.
 *
 * php -d extension=target/release/libwu_hosting.so bench/soak_memory.php [CALLS]
 */

declare(strict_types=1);

require __DIR__ . '/lib.php';
require ROOT . '/tests/php/support/FakePanel.php';
require ROOT . '/tests/php/support/Fixtures.php';

use WuHosting\Tests\FakePanel;
use WuHosting\Tests\Fixtures;

if (!extension_loaded('wu_hosting')) {
    fwrite(STDERR, "Run with php -d extension=target/release/libwu_hosting.so\n");
    exit(1);
}

$calls = (int) ($argv[1] ?? 100000);
const NAMES = 16;
const WARMUP_SHARE = 0.05;
const POINTS = 10;

[, $ready] = panel_start(0);
$panel = new FakePanel(json_encode($ready));
$fixtures = Fixtures::ready();

$dir = sys_get_temp_dir() . '/wu-soak-' . getmypid() . '-' . bin2hex(random_bytes(4));
mkdir($dir, 0700);
register_shutdown_function(function () use ($dir): void {
    foreach (array_diff(scandir($dir) ?: [], ['.', '..']) as $file) {
        unlink("$dir/$file");
    }
    @rmdir($dir);
});
$wpConfig = "$dir/wp-config.php";
file_put_contents($wpConfig, "<?php\ndefine( 'DB_NAME', 'wp' );\n\$table_prefix = 'wp_';\n\n/* That's all, stop editing! Happy publishing. */\n");

$enhance = $panel->config();
$closte = $panel->closteConfig();
$wrongToken = $panel->config(['api_token' => str_repeat('x', 40)]);
$wrongKey = $panel->closteConfig(['api_key' => str_repeat('y', 32)]);
$badConfig = $panel->config(['api_url' => 'not a url']);
$dns = ['nameservers' => [$fixtures['dns']], 'timeout' => 2];
$tls = ['connect_to' => $fixtures['tls']['valid'], 'ca_file' => $fixtures['ca_file'], 'timeout' => 2];
$logLines = 0;
$logger = function (string $line, array $record) use (&$logLines): void {
    $logLines++;
};

/**
 * One round: [label, call, the exception class it must throw or null, check of
 * its answer]. $r is the round's number.
 *
 * @return list<array{0: string, 1: callable, 2: ?string, 3: ?callable}>
 */
function round_steps(int $r, array $enhance, array $closte, array $wrongToken, array $wrongKey, array $badConfig, array $dns, array $tls, string $wpConfig, callable $logger): array
{
    $name = 'soak' . ($r % NAMES) . '.example.com';
    $synced = ['sync' . ($r % NAMES) . 'a.example.com', 'sync' . ($r % NAMES) . 'b.example.com'];
    return [
        ['set logger', fn () => wu_hosting_set_logger($logger), null, null],
        ['enhance add', fn () => wu_enhance_add_domain($name, $enhance), null, fn ($a) => $a['created'] === true],
        ['enhance add again', fn () => wu_enhance_add_domain($name, $enhance), null, fn ($a) => $a['created'] === false],
        ['enhance list', fn () => wu_enhance_list_domains($enhance), null, fn ($a) => in_array($name, array_column($a, 'domain'), true)],
        ['enhance remove', fn () => wu_enhance_remove_domain($name, $enhance), null, fn ($a) => $a['removed'] === true],
        ['enhance remove again', fn () => wu_enhance_remove_domain($name, $enhance), null, fn ($a) => $a['removed'] === false],
        ['enhance test', fn () => wu_enhance_test_connection($enhance), null, fn ($a) => $a['ok'] === true],
        ['enhance sync', fn () => wu_enhance_sync($synced, ['rate' => 0], $enhance), null, fn ($a) => $a['totals']['added'] === 2 && $a['totals']['failed'] === 0],
        ['enhance remove synced 1', fn () => wu_enhance_remove_domain($synced[0], $enhance), null, fn ($a) => $a['removed'] === true],
        ['enhance remove synced 2', fn () => wu_enhance_remove_domain($synced[1], $enhance), null, fn ($a) => $a['removed'] === true],
        ['bad domain', fn () => wu_enhance_add_domain("bad..$name", $enhance), 'WuHosting\InvalidDomainException', null],
        ['bad config', fn () => wu_enhance_add_domain($name, $badConfig), 'WuHosting\ConfigException', null],
        ['wrong token', fn () => wu_enhance_add_domain($name, $wrongToken), 'WuHosting\AuthException', null],
        ['closte add', fn () => wu_closte_add_domain($name, $closte), null, fn ($a) => $a['created'] === true],
        ['closte list', fn () => wu_closte_list_domains($closte), null, fn ($a) => in_array($name, array_column($a, 'domain'), true)],
        ['closte remove', fn () => wu_closte_remove_domain($name, $closte), null, fn ($a) => $a['removed'] === true],
        ['closte wrong key', fn () => wu_closte_list_domains($wrongKey), 'WuHosting\AuthException', null],
        ['dns resolves', fn () => wu_dns_check('cname.dns.test', ['192.0.2.10', '2001:db8::10'], $dns), null, fn ($a) => $a['ok'] === true],
        ['dns nxdomain', fn () => wu_dns_check("nx$r.dns.test", ['192.0.2.10'], $dns), null, fn ($a) => $a['reason'] === 'nxdomain'],
        ['ssl check', fn () => wu_ssl_check('valid.tls.test', $tls), null, fn ($a) => $a['ok'] === true],
        ['write constants', fn () => wu_hosting_write_constants($wpConfig, ['WU_SOAK_ROUND' => $r, 'WU_SOAK_NAME' => $name]), null, fn ($a) => $a['changed'] === true],
        ['write same constants', fn () => wu_hosting_write_constants($wpConfig, ['WU_SOAK_ROUND' => $r, 'WU_SOAK_NAME' => $name]), null, fn ($a) => $a['changed'] === false],
        ['version', fn () => wu_hosting_version(), null, fn ($a) => $a !== ''],
        ['closte detect', fn () => wu_closte_detect(), null, fn ($a) => $a === false],
        ['unset logger', fn () => wu_hosting_set_logger(null), null, null],
    ];
}

function resident_kb(): int
{
    preg_match('/^VmRSS:\s+(\d+) kB/m', (string) file_get_contents('/proc/self/status'), $m);
    return (int) $m[1];
}

$warmup = (int) ($calls * WARMUP_SHARE);
$checkpoints = [$warmup];
for ($p = 1; $p <= POINTS; $p++) {
    $checkpoints[] = $warmup + intdiv(($calls - $warmup) * $p, POINTS);
}
$done = 0;
$unexpected = 0;
$byKind = [];
$rows = [];
$started = microtime(true);
$next = array_shift($checkpoints);
for ($r = 0; $done < $calls; $r++) {
    foreach (round_steps($r, $enhance, $closte, $wrongToken, $wrongKey, $badConfig, $dns, $tls, $wpConfig, $logger) as [$label, $call, $throws, $check]) {
        $outcome = null;
        try {
            $answer = $call();
            if ($throws !== null) {
                $outcome = "returned instead of throwing $throws: " . json_encode($answer);
            } elseif ($check !== null && !$check($answer)) {
                $outcome = 'unexpected answer: ' . json_encode($answer);
            }
        } catch (Throwable $e) {
            if ($throws === null || !$e instanceof $throws) {
                $outcome = get_class($e) . ': ' . $e->getMessage();
            }
        }
        $byKind[$label] = ($byKind[$label] ?? 0) + 1;
        if ($outcome !== null) {
            $unexpected++;
            if ($unexpected <= 10) {
                fwrite(STDERR, "round $r, $label: $outcome\n");
            }
        }
        $done++;
        if ($done === $next) {
            gc_collect_cycles();
            $rows[] = [$done, microtime(true) - $started, resident_kb(), memory_get_usage()];
            fwrite(STDERR, sprintf("%s calls, %.1f s, VmRSS %d kB\n", number_format($done), end($rows)[1], end($rows)[2]));
            $next = array_shift($checkpoints);
        }
        if ($done === $calls) {
            break;
        }
    }
}
$seconds = microtime(true) - $started;
$requests = $panel->requestCount();

echo "### Memory over " . number_format($calls) . " mixed calls in one process\n\n";
echo "| calls | seconds | VmRSS (kB) | PHP heap (kB) | VmRSS growth since warm-up (MiB) |\n|---:|---:|---:|---:|---:|\n";
[$w, , $wRss, $wHeap] = $rows[0];
foreach ($rows as [$n, $s, $rss, $heap]) {
    printf("| %s%s | %.1f | %d | %d | %+.2f |\n", number_format($n), $n === $w ? ' (warm-up)' : '', $s, $rss, intdiv($heap, 1024), ($rss - $wRss) / 1024);
}
[$last, , $lastRss, $lastHeap] = end($rows);
printf("\nGrowth from call %s to call %s: VmRSS %+.2f MiB, PHP heap %+.1f kB. %s calls in %.1f s: %.0f calls/s; "
    . "%s panel requests, %s log lines; %d unexpected outcomes.\n",
    number_format($w), number_format($last), ($lastRss - $wRss) / 1024, ($lastHeap - $wHeap) / 1024,
    number_format($done), $seconds, $done / $seconds, number_format($requests), number_format($logLines), $unexpected);
echo "\nCalls per kind: " . implode(', ', array_map(fn ($k, $v) => "$k $v", array_keys($byKind), $byKind)) . "\n";
exit($unexpected === 0 ? 0 : 1);

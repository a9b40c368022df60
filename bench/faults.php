<?php
/**
 * The fault benchmark: one sync of 10,000 names, then a prune of half of them,
 * under random, seeded faults on about 10% of the panel's requests (the
 * scenario of tests/php/FaultSyncTest.php, see tests/php/support/FaultScenario.php),
 * on Enhance and on Closte; then a second sync without faults. Prints what was
 * lost (names missing or left over), what the report got wrong, the requests and
 * the time, as a Markdown table.
 *
 * php -d extension=target/release/libwu_hosting.so bench/faults.php [N]
 */

declare(strict_types=1);

require __DIR__ . '/lib.php';
require ROOT . '/tests/php/support/FakePanel.php';
require ROOT . '/tests/php/support/FaultScenario.php';

use WuHosting\Tests\FakePanel;
use WuHosting\Tests\FaultScenario;

$n = (int) ($argv[1] ?? 10000);
$names = array_map(fn ($i) => "fault$i.example.com", range(1, $n));
$half = array_slice($names, 0, intdiv($n, 2));
$options = ['concurrency' => 8, 'rate' => 0];

echo "### Sync under faults ($n names, about 10% of requests faulted, 8 in flight, "
    . FaultScenario::TIMEOUT . " s timeout)\n\n";
echo "| panel | step | names missing | names left over | reported failed but done | reported done but not | failed in report | requests | seconds |\n";
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
$lost = 0;
foreach (['enhance' => 101, 'closte' => 102] as $kind => $seed) {
    [$proc, $ready] = panel_start(0);
    $panel = new FakePanel(json_encode($ready));
    $scenario = new FaultScenario($panel, $seed);
    foreach ([['sync', $names, $options], ['prune', $half, $options + ['prune' => true]]] as [$step, $wanted, $opts]) {
        fwrite(STDERR, "$kind: $step...\n");
        $r = $scenario->sync($kind, $wanted, $opts);
        $lost += count($r['missing']) + count($r['extra']) + count($r['false_failed']) + count($r['false_done']);
        printf("| %s | %s | %d | %d | %d | %d | %d | %s | %.1f |\n", $kind, $step, count($r['missing']), count($r['extra']),
            count($r['false_failed']), count($r['false_done']), $r['report']['totals']['failed'], number_format($r['requests']), $r['seconds']);
    }
    $fn = $kind === 'enhance' ? 'wu_enhance_sync' : 'wu_closte_sync';
    $config = $kind === 'enhance' ? $panel->config() : $panel->closteConfig();
    $before = $panel->requestCount();
    $started = microtime(true);
    $again = $fn($half, $options + ['prune' => true], $config);
    $changed = $again['totals']['added'] + $again['totals']['removed'] + $again['totals']['failed'];
    printf("| %s | second sync, no faults | changes: %d | | | | %d | %s | %.1f |\n", $kind, $changed, $again['totals']['failed'],
        number_format($panel->requestCount() - $before), microtime(true) - $started);
    panel_stop($proc);
}
echo "\nNames lost or misreported in all: $lost\n";

<?php
/**
 * The extension: adds with wu_enhance_sync (one listing, then the creates), and
 * removals either with wu_enhance_sync(prune) or one wu_enhance_remove_domain()
 * per domain (ids known from a listing, so no listing per removal).
 *
 * php -d extension=... bench/ours.php add|prune|remove FROM COUNT CONCURRENCY [PREFIX]
 */

declare(strict_types=1);

require __DIR__ . '/lib.php';

[$mode, $from, $count, $concurrency] = [$argv[1], (int) $argv[2], (int) $argv[3], (int) $argv[4]];
$prefix = $argv[5] ?? 'bench';
$config = ext_config(env_panel());
$domains = bench_domains($from, $count, $prefix);
$options = ['concurrency' => $concurrency, 'rate' => 0];

$t = microtime(true);
if ($mode === 'add') {
    $r = wu_enhance_sync($domains, $options, $config);
    $ok = $r['totals']['added'];
    $extra = ['peak' => $r['concurrency']['peak']];
} elseif ($mode === 'prune') {
    $r = wu_enhance_sync([], $options + ['prune' => true], $config);
    $ok = $r['totals']['removed'];
    $extra = ['peak' => $r['concurrency']['peak']];
} else {
    $ok = 0;
    foreach ($domains as $d) {
        $ok += wu_enhance_remove_domain($d, $config)['removed'] ? 1 : 0;
    }
    $extra = [];
}
echo json_encode(['seconds' => microtime(true) - $t, 'ok' => $ok, 'count' => $count] + $extra);

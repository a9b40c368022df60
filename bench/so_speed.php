<?php
/**
 * Two builds of the extension side by side (a profile change, say): the same
 * extension-only work against one fake-panel at 0 ms latency, the builds taking
 * turns for ROUNDS rounds; prints the medians. The work: wu_enhance_sync adding
 * N domains (16 in flight) and pruning them, and 300 single calls on a warm
 * connection (bench/single.php, extension column).
 *
 * php bench/so_speed.php A.so B.so [N] [ROUNDS]      (defaults: 10000, 3)
 */

declare(strict_types=1);

require __DIR__ . '/lib.php';

[$a, $b] = [$argv[1] ?? '', $argv[2] ?? ''];
$n = (int) ($argv[3] ?? 10000);
$rounds = (int) ($argv[4] ?? 3);
foreach ([$a, $b] as $so) {
    if (!is_file($so)) {
        fwrite(STDERR, "usage: php bench/so_speed.php A.so B.so [N] [ROUNDS]\n");
        exit(1);
    }
}

function med(array $v): float
{
    sort($v);
    return $v[intdiv(count($v), 2)];
}

[$proc, $ready] = panel_start(0);
$res = [];
for ($i = 0; $i < $rounds; $i++) {
    foreach (['A' => $a, 'B' => $b] as $k => $so) {
        admin($ready, 'POST', 'reset');
        $add = run_child($ready, [__DIR__ . '/ours.php', 'add', '0', (string) $n, '16'], $so);
        $prune = run_child($ready, [__DIR__ . '/ours.php', 'prune', '0', (string) $n, '16'], $so);
        admin($ready, 'POST', 'reset');
        $single = run_child($ready, [__DIR__ . '/single.php', '300'], $so);
        if ($add['ok'] !== $n || $prune['ok'] !== $n) {
            fwrite(STDERR, "$k: not every domain went through\n");
            exit(1);
        }
        $res[$k]['add'][] = $add['seconds'];
        $res[$k]['prune'][] = $prune['seconds'];
        $res[$k]['single'][] = $single['ext_median'];
        fwrite(STDERR, sprintf("round %d %s: add %.2f s, prune %.2f s, single %.3f ms\n", $i + 1, $k, $add['seconds'], $prune['seconds'], $single['ext_median']));
    }
}
panel_stop($proc);
printf("| build | sync add %s (s) | prune %s (s) | one call, warm (ms, median) |\n|---|---:|---:|---:|\n", number_format($n), number_format($n));
foreach (['A' => $a, 'B' => $b] as $k => $so) {
    printf("| %s `%s` | %.2f | %.2f | %.3f |\n", $k, basename($so), med($res[$k]['add']), med($res[$k]['prune']), med($res[$k]['single']));
}

<?php
/**
 * Idle footprint: resident memory of a `php` that has just started, without and
 * with the extension loaded (nothing called), the median of ROUNDS runs of each
 * (bench/footprint.php), the resident pages of the extension's own mappings, and
 * the size of the .so. Needs no panel. Prints a Markdown table.
 *
 * php bench/idle.php [ROUNDS] [PATH_TO_SO]   (make bench-footprint; 15 rounds, target/release)
 */

declare(strict_types=1);

$rounds = (int) ($argv[1] ?? 15);
$so = $argv[2] ?? __DIR__ . '/../target/release/libwu_hosting.so';
if (!is_file($so)) {
    fwrite(STDERR, "no extension at $so: build it first (make build)\n");
    exit(1);
}

function child(array $ini): array
{
    global $so;
    $env = getenv() + ['FOOTPRINT_SO' => (string) realpath($so)];
    $proc = proc_open(array_merge([PHP_BINARY], $ini, [__DIR__ . '/footprint.php']), [1 => ['pipe', 'w']], $pipes, null, $env);
    $r = json_decode((string) stream_get_contents($pipes[1]), true);
    proc_close($proc);
    if (!is_array($r)) {
        fwrite(STDERR, "footprint.php failed\n");
        exit(1);
    }
    return $r;
}

function median(array $v): float
{
    sort($v);
    $n = count($v);
    return $n % 2 ? $v[intdiv($n, 2)] : ($v[$n / 2 - 1] + $v[$n / 2]) / 2;
}

// The whole file in the page cache first, as on a server where PHP has been
// loading it: the kernel maps the cached pages around each page touched, so a
// partly cached file would show less.
file_get_contents($so);
$without = $with = $soRss = $soDirty = $threads = [];
for ($i = 0; $i < $rounds; $i++) {
    // Alternated, so that a change on the machine touches both alike.
    $without[] = child([])['rss_kb'];
    $r = child(['-d', 'extension=' . $so]);
    if (!$r['loaded']) {
        fwrite(STDERR, "the extension did not load from $so\n");
        exit(1);
    }
    $with[] = $r['rss_kb'];
    $soRss[] = $r['so_rss_kb'];
    $soDirty[] = $r['so_dirty_kb'];
    $threads[] = $r['threads'];
}
$a = median($without);
$b = median($with);
$d = $b - $a;
$size = filesize($so);
echo "### Idle footprint (median of $rounds runs each)\n\n| | value |\n|---|---:|\n";
printf("| resident memory of an idle `php` without / with the extension | %d KiB / %d KiB |\n", $a, $b);
printf("| added by loading the extension | **%+d KiB (%.2f MiB)** |\n", $d, $d / 1024);
printf("| of which the extension's own mappings: resident / private dirty (relocated data, .data, .bss) | %d KiB / %d KiB |\n", median($soRss), median($soDirty));
printf("| threads before the first call (extension loaded) | %d |\n", median($threads));
printf("| size of %s | %d bytes (%.2f MiB, %.2f MB) |\n", basename($so), $size, $size / 1048576, $size / 1e6);

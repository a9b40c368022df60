<?php
/**
 * The extension's footprint in a PHP process: resident memory and threads, read
 * from /proc/self/status; the resident pages of the extension's own file mappings
 * (from /proc/self/smaps: text, read-only data, relocated data; FOOTPRINT_SO names
 * the file when it is not called *wu_hosting.so); with CALL set,
 * after one panel call.
 */

declare(strict_types=1);

$status = function (): array {
    preg_match('/^VmRSS:\s+(\d+) kB/m', (string) file_get_contents('/proc/self/status'), $rss);
    preg_match('/^Threads:\s+(\d+)/m', (string) file_get_contents('/proc/self/status'), $threads);
    return ['rss_kb' => (int) $rss[1], 'threads' => (int) $threads[1]];
};

/** Resident and private dirty kB of the mappings of the extension's file. */
$mapped = function (): array {
    $so = (string) getenv('FOOTPRINT_SO');
    $rss = 0;
    $dirty = 0;
    $mine = false;
    foreach (explode("\n", (string) file_get_contents('/proc/self/smaps')) as $line) {
        if (preg_match('/^[0-9a-f]+-[0-9a-f]+ /', $line)) {
            $mine = str_ends_with($line, ' ' . $so) || (bool) preg_match('/wu_hosting\.so$/', $line);
        } elseif ($mine && preg_match('/^Rss:\s+(\d+) kB/', $line, $m)) {
            $rss += (int) $m[1];
        } elseif ($mine && preg_match('/^Private_Dirty:\s+(\d+) kB/', $line, $m)) {
            $dirty += (int) $m[1];
        }
    }
    return ['so_rss_kb' => $rss, 'so_dirty_kb' => $dirty];
};

$out = ['loaded' => extension_loaded('wu_hosting')] + $status() + $mapped();
if (getenv('CALL') && extension_loaded('wu_hosting')) {
    require __DIR__ . '/lib.php';
    wu_enhance_test_connection(ext_config(env_panel()));
    $after = $status();
    $out['rss_kb_after_call'] = $after['rss_kb'];
    $out['threads_after_call'] = $after['threads'];
}
echo json_encode($out);

<?php
/**
 * The extension's footprint in a PHP process: resident memory and threads, read
 * from /proc/self/status; with CALL set, after one panel call.
 */

declare(strict_types=1);

$status = function (): array {
    preg_match('/^VmRSS:\s+(\d+) kB/m', (string) file_get_contents('/proc/self/status'), $rss);
    preg_match('/^Threads:\s+(\d+)/m', (string) file_get_contents('/proc/self/status'), $threads);
    return ['rss_kb' => (int) $rss[1], 'threads' => (int) $threads[1]];
};
$out = ['loaded' => extension_loaded('wu_hosting')] + $status();
if (getenv('CALL') && extension_loaded('wu_hosting')) {
    require __DIR__ . '/lib.php';
    wu_enhance_test_connection(ext_config(env_panel()));
    $after = $status();
    $out['rss_kb_after_call'] = $after['rss_kb'];
    $out['threads_after_call'] = $after['threads'];
}
echo json_encode($out);

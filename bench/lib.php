<?php
/**
 * Shared by the sync benchmark scripts: starting fake-panel, its admin API, and
 * the Enhance addresses and credentials of a running panel.
 */

declare(strict_types=1);

const ROOT = __DIR__ . '/..';

/** The panels this script started and has not stopped yet. */
$GLOBALS['started_panels'] = [];

// Whatever ends the script (an exit on a failed step, an error), the panels it
// started are stopped.
register_shutdown_function(function (): void {
    foreach ($GLOBALS['started_panels'] as $proc) {
        panel_stop($proc);
    }
});

// An interrupt or a kill (SIGINT, SIGTERM, SIGHUP) ends the script through exit(),
// so that the shutdown functions above and those of the script run then too.
if (function_exists('pcntl_async_signals')) {
    pcntl_async_signals(true);
    foreach ([SIGINT, SIGTERM, SIGHUP] as $signal) {
        pcntl_signal($signal, function (int $signal): void {
            exit(128 + $signal);
        });
    }
}

/** Starts a fake-panel; returns [process, ready line as array]. */
function panel_start(int $latencyMs): array
{
    $proc = proc_open(
        [ROOT . '/target/release/fake-panel', '--latency-ms', (string) $latencyMs, '--alias-quota', '10000000'],
        [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'a']],
        $pipes
    );
    $GLOBALS['started_panels'][(int) $proc] = $proc;
    $line = fgets($pipes[1]);
    if ($line === false) {
        fwrite(STDERR, "fake-panel did not start\n");
        exit(1);
    }
    return [$proc, json_decode($line, true)];
}

function panel_stop($proc): void
{
    if (!isset($GLOBALS['started_panels'][(int) $proc])) {
        return;
    }
    unset($GLOBALS['started_panels'][(int) $proc]);
    proc_terminate($proc);
    proc_close($proc);
}

function admin(array $ready, string $method, string $path, ?array $body = null): array
{
    $ctx = stream_context_create([
        'http' => ['method' => $method, 'header' => "Content-Type: application/json\r\n", 'content' => $body === null ? '' : json_encode($body), 'ignore_errors' => true, 'timeout' => 600],
        'ssl' => ['cafile' => $ready['ca_file']],
    ]);
    $text = file_get_contents($ready['admin_url'] . $path, false, $ctx);
    return $text ? (array) json_decode($text, true) : [];
}

/** The env a child benchmark script reads its panel from. */
function panel_env(array $ready): array
{
    return [
        'WU_ENHANCE_API_URL' => $ready['enhance_api_url'],
        'WU_ENHANCE_API_TOKEN' => $ready['enhance_token'],
        'WU_ENHANCE_ORG_ID' => $ready['enhance_org_id'],
        'WU_ENHANCE_WEBSITE_ID' => $ready['enhance_website_id'],
        'WU_HOSTING_CA_FILE' => $ready['ca_file'],
        'PATH' => getenv('PATH') ?: '/usr/bin:/bin',
    ];
}

/** For child scripts: the panel from the environment. */
function env_panel(): array
{
    $p = [];
    foreach (['WU_ENHANCE_API_URL', 'WU_ENHANCE_API_TOKEN', 'WU_ENHANCE_ORG_ID', 'WU_ENHANCE_WEBSITE_ID', 'WU_HOSTING_CA_FILE'] as $k) {
        $v = getenv($k);
        if ($v === false || $v === '') {
            fwrite(STDERR, "$k is not set\n");
            exit(1);
        }
        $p[$k] = $v;
    }
    $p['domains_url'] = $p['WU_ENHANCE_API_URL'] . 'orgs/' . $p['WU_ENHANCE_ORG_ID'] . '/websites/' . $p['WU_ENHANCE_WEBSITE_ID'] . '/domains';
    return $p;
}

/** The extension's $config for a panel from the environment. */
function ext_config(array $p): array
{
    return [
        'api_url' => $p['WU_ENHANCE_API_URL'],
        'api_token' => $p['WU_ENHANCE_API_TOKEN'],
        'org_id' => $p['WU_ENHANCE_ORG_ID'],
        'website_id' => $p['WU_ENHANCE_WEBSITE_ID'],
        'ca_file' => $p['WU_HOSTING_CA_FILE'],
    ];
}

/** @return list<string> */
function bench_domains(int $from, int $count, string $prefix = 'bench'): array
{
    $out = [];
    for ($i = $from; $i < $from + $count; $i++) {
        $out[] = "$prefix$i.example.com";
    }
    return $out;
}

/**
 * Runs a child PHP benchmark script; returns its JSON answer. $withExtension:
 * true loads the built extension, a path loads that build instead.
 */
function run_child(array $ready, array $args, bool|string $withExtension = false): array
{
    $cmd = [PHP_BINARY];
    if ($withExtension !== false) {
        $cmd[] = '-d';
        $cmd[] = 'extension=' . ($withExtension === true ? ROOT . '/target/release/libwu_hosting.so' : $withExtension);
    }
    $proc = proc_open(array_merge($cmd, $args), [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, panel_env($ready));
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    proc_close($proc);
    $r = json_decode((string) $out, true);
    if (!is_array($r)) {
        fwrite(STDERR, "child failed: " . implode(' ', $args) . "\n$out\n$err\n");
        exit(1);
    }
    return $r;
}

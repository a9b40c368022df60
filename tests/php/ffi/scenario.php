<?php
/**
 * One run of the wu_* functions against fake-panel and the readiness fixtures,
 * printed as a normalised JSON transcript (results, exception class, message,
 * code and properties, logger lines). FfiModeTest runs it with the extension
 * and again through FFI, and compares the two transcripts.
 *
 * Environment: FAKE_PANEL_READY (scripts/with-panel.sh), WU_FIXTURES_READY (the
 * wu-fixtures ready line), WU_SCENARIO_DIR (an empty directory to write in).
 */

declare(strict_types=1);

require dirname(__DIR__, 3) . '/php/native/ffi.php';
require dirname(__DIR__) . '/support/FakePanel.php';

use WuHosting\Tests\FakePanel;

$panel = new FakePanel();
$ready = $panel->ready;
$fixtures = json_decode((string) getenv('WU_FIXTURES_READY'), true);
$dir = (string) getenv('WU_SCENARIO_DIR');
$config = $panel->config();
$closte = $panel->closteConfig();

$transcript = [];
$lines = [];

/** Runs one step: its answer or its exception, and the logger lines it caused. */
function step(string $name, callable $fn): void
{
    global $transcript, $lines;
    $lines = [];
    try {
        $entry = ['ok' => $fn()];
    } catch (\Throwable $e) {
        $entry = ['thrown' => describe($e)];
    }
    if ($lines !== []) {
        $entry['log'] = $lines;
    }
    $transcript[$name] = $entry;
}

function describe(\Throwable $e): array
{
    $out = [
        'class' => get_class($e),
        'message' => $e->getMessage(),
        'code' => $e->getCode(),
        'at' => basename($e->getFile()) . ':' . $e->getLine(),
    ];
    if ($e instanceof WuHosting\ApiException) {
        $out['errorCode'] = $e->errorCode;
        $out['panelMessage'] = $e->panelMessage;
    }
    if ($e->getPrevious() !== null) {
        $out['previous'] = describe($e->getPrevious());
    }
    return $out;
}

function collector(): \Closure
{
    return function (string $line, array $record): void {
        global $lines;
        $lines[] = [$line, $record];
    };
}

wu_hosting_set_logger(collector());

// Enhance, one domain at a time.
step('add', fn () => wu_enhance_add_domain('Shop.Example.com', $config));
step('add again', fn () => wu_enhance_add_domain('shop.example.com', $config));
step('add punycode', fn () => wu_enhance_add_domain('bücher.example', $config));
step('list', fn () => wu_enhance_list_domains($config));
step('status', fn () => wu_enhance_domain_status('shop.example.com', $config));
step('remove', fn () => wu_enhance_remove_domain('shop.example.com', $config));
step('remove again', fn () => wu_enhance_remove_domain('shop.example.com', $config));
step('add subdomain', fn () => wu_enhance_add_subdomain('site1.' . $ready['enhance_network_domain'], $config));
step('remove subdomain', fn () => wu_enhance_remove_subdomain('site1.' . $ready['enhance_network_domain'], $config));
step('test connection', fn () => wu_enhance_test_connection($config));
step('discover', fn () => wu_enhance_discover($panel->seedConfig()));

// Mistakes and failures.
step('config unknown key', fn () => wu_enhance_add_domain('x.example.com', ['apitoken' => 'x']));
step('config bad value', fn () => wu_enhance_list_domains(['api_token' => ['x']] + $config));
step('config http url', fn () => wu_enhance_list_domains(['api_url' => 'http://panel.example.com/api/'] + $config));
step('config missing token', fn () => wu_enhance_list_domains([]));
step('invalid domain', fn () => wu_enhance_add_domain('not a domain', $config));
step('auth', fn () => wu_enhance_list_domains(['api_token' => 'wrong-token'] + $config));
step('api 404', fn () => wu_enhance_list_domains(['website_id' => '11111111-2222-3333-4444-555555555555'] + $config));
step('api 500', function () use ($panel, $config) {
    $panel->faults([['kind' => 'status', 'status' => 500, 'count' => -1, 'body' => '{"code":"internal","message":"database is down"}']]);
    try {
        return wu_enhance_test_connection(['timeout' => 2] + $config);
    } finally {
        $panel->admin('DELETE', 'faults');
    }
});
step('api text', function () use ($panel, $config) {
    $panel->faults([['kind' => 'status', 'status' => 404, 'body' => 'UUID parsing failed', 'content_type' => 'text/plain']]);
    try {
        return wu_enhance_list_domains($config);
    } finally {
        $panel->admin('DELETE', 'faults');
    }
});
step('network refused', fn () => wu_enhance_list_domains(['api_url' => 'https://127.0.0.1:1/api/', 'connect_timeout' => 1] + $config));

// Settings from constants and the ini (wu_hosting.ca_file is given with -d).
step('constants', function () use ($ready) {
    define('WU_ENHANCE_API_URL', $ready['enhance_api_url']);
    define('WU_ENHANCE_API_TOKEN', $ready['enhance_token']);
    define('WU_ENHANCE_ORG_ID', $ready['enhance_org_id']);
    define('WU_ENHANCE_WEBSITE_ID', $ready['enhance_website_id']);
    return wu_enhance_test_connection();
});

// Sync.
$calls = [];
step('sync', function () use ($config, &$calls) {
    return wu_enhance_sync(
        ['a.example.com', 'b.example.com', 'not a domain', 42, 'a.example.com'],
        ['rate' => 0, 'concurrency' => 1, 'adaptive' => false, 'progress' => function (int $done, int $total) use (&$calls): void {
            $calls[] = [$done, $total];
        }],
        $config
    );
});
step('sync progress calls', fn () => $calls);
step('sync dry run prune', fn () => wu_enhance_sync(['a.example.com'], ['dry_run' => true, 'prune' => true, 'keep' => ['bücher.example']], $config));
step('sync prune', fn () => wu_enhance_sync(['a.example.com'], ['prune' => true, 'rate' => 0, 'concurrency' => 1, 'adaptive' => false], $config));
step('sync bad option', fn () => wu_enhance_sync(['a.example.com'], ['prunes' => true], $config));
step('sync bad progress', fn () => wu_enhance_sync(['a.example.com'], ['progress' => 'no_such_function_here'], $config));
step('sync bad keep', fn () => wu_enhance_sync(['a.example.com'], ['keep' => ['https://x.com']], $config));
step('sync concurrency float', fn () => wu_enhance_sync(['a.example.com'], ['concurrency' => 4.0], $config));
wu_hosting_set_logger(null);
step('sync progress throws', function () use ($config, $panel) {
    $names = array_map(fn (int $i): string => "stop$i.example.com", range(1, 40));
    try {
        wu_enhance_sync($names, ['concurrency' => 1, 'adaptive' => false, 'rate' => 0, 'progress' => function (int $done): void {
            if ($done >= 3) {
                throw new \RuntimeException('stop here');
            }
        }], $config);
    } catch (\RuntimeException $e) {
        $added = array_filter(array_keys($panel->networkDomains()), fn ($d) => str_starts_with($d, 'stop'));
        return ['thrown' => describe($e), 'stopped early' => count($added) < 10];
    }
    return 'not stopped';
});
wu_hosting_set_logger(collector());

// Closte, with its settings from constants.
step('closte detect off', fn () => wu_closte_detect());
step('closte add', fn () => wu_closte_add_domain('a.example.com', $closte));
step('closte add wildcard', fn () => wu_closte_add_domain('*.w.example.com', $closte));
step('closte add again', fn () => wu_closte_add_domain('a.example.com', $closte));
step('closte detect on', function () use ($ready) {
    define('CLOSTE_CLIENT_API_KEY', $ready['closte_api_key']);
    define('WU_CLOSTE_API_URL', $ready['closte_api_url']);
    define('WU_HOSTING_CA_FILE', $ready['ca_file']);
    return wu_closte_detect();
});
step('closte list', fn () => wu_closte_list_domains());
step('closte test connection', fn () => wu_closte_test_connection());
step('closte remove', fn () => wu_closte_remove_domain('a.example.com'));
step('closte sync', fn () => wu_closte_sync(['b.example.com', '*.c.example.com'], ['prune' => true, 'rate' => 0, 'concurrency' => 1, 'adaptive' => false]));
step('closte bad key', fn () => wu_closte_list_domains(['api_key' => 'wrong'] + $closte));

// Logger mistakes.
step('logger not callable', fn () => wu_hosting_set_logger('no_such_function_here'));
step('logger throws', function () use ($config) {
    $n = 0;
    wu_hosting_set_logger(function (string $line) use (&$n): void {
        $n++;
        throw new \LogicException("logger failed at $n");
    });
    try {
        return wu_enhance_add_domain('logged.example.com', $config);
    } finally {
        wu_hosting_set_logger(collector());
    }
});
step('logger throws and call fails', function () use ($config) {
    wu_hosting_set_logger(function (): void {
        throw new \LogicException('logger failed');
    });
    try {
        return wu_enhance_list_domains(['api_token' => 'wrong-token'] + $config);
    } finally {
        wu_hosting_set_logger(collector());
    }
});

// Readiness checks against the loopback fixtures.
$dns = ['nameservers' => [$fixtures['dns']], 'timeout' => 3];
$server = ['192.0.2.10', '2001:db8::10'];
step('dns', fn () => wu_dns_check('both.dns.test', $server, $dns));
step('dns many', fn () => wu_dns_check_many([10 => 'b0.bench.test', 'site-2' => 'not a domain', 11 => 42, 'b3.bench.test', 'last' => 'B2.Bench.Test'], $server, $dns));
step('dns many list', fn () => wu_dns_check_many(['b0.bench.test', 'nx.dns.test'], $server, $dns));
step('dns bad option', fn () => wu_dns_check('both.dns.test', $server, ['timeot' => 1]));
step('dns string keys', fn () => wu_dns_check('both.dns.test', $server, [0 => 'x']));
step('dns invalid', fn () => wu_dns_check('not a domain', $server, $dns));
$tls = fn (string $scenario): array => ['connect_to' => $fixtures['tls'][$scenario], 'ca_file' => $fixtures['ca_file'], 'timeout' => 3];
step('ssl valid', fn () => wu_ssl_check('valid.tls.test', $tls('valid')));
step('ssl expired', fn () => wu_ssl_check('expired.tls.test', $tls('expired')));
step('ssl many', fn () => wu_ssl_check_many(['x' => 'valid.tls.test', 'y' => 'bad name'], $tls('valid')));
step('ssl bad option', fn () => wu_ssl_check('valid.tls.test', ['sni' => 'x']));

// wp-config.php.
$wpconfig = "$dir/wp-config.php";
file_put_contents($wpconfig, "<?php\n\$table_prefix = 'wp_';\n\n/* That's all, stop editing! Happy publishing. */\nrequire_once ABSPATH . 'wp-settings.php';\n");
step('write constants', fn () => wu_hosting_write_constants($wpconfig, ['WU_ENHANCE_API_TOKEN' => "t'ok\\en", 'WU_N' => 3, 'WU_F' => 2.0, 'WU_B' => true, 'WU_NULL' => null]));
step('write constants again', fn () => wu_hosting_write_constants($wpconfig, ['WU_N' => 3]));
step('write constants file', fn () => file_get_contents($wpconfig));
step('write constants bad value', fn () => wu_hosting_write_constants($wpconfig, ['WU_A' => ['x']]));
step('write constants list', fn () => wu_hosting_write_constants($wpconfig, ['x']));
step('write constants not wp-config', fn () => wu_hosting_write_constants("$dir/missing.php", ['WU_N' => 1]));

/** Ids, times and durations replaced by stable placeholders. */
function normalise(mixed $v, string $key, array &$ids, string $dir): mixed
{
    if (is_array($v)) {
        if ($key === 'concurrency' && !array_is_list($v)) {
            return array_keys($v);
        }
        $out = [];
        foreach ($v as $k => $item) {
            $out[$k] = normalise($item, (string) $k, $ids, $dir);
        }
        return $out;
    }
    if (in_array($key, ['millis', 'seconds'], true) && (is_int($v) || is_float($v))) {
        return '<duration>';
    }
    if (!is_string($v)) {
        return $v;
    }
    $v = str_replace($dir, '<dir>', $v);
    $v = preg_replace_callback('/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i', function ($m) use (&$ids) {
        $id = strtolower($m[0]);
        $ids[$id] ??= '<id' . (count($ids) + 1) . '>';
        return $ids[$id];
    }, $v);
    $v = preg_replace('/\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?( ?UTC|Z)?/', '<time>', $v);
    $v = preg_replace('/\d+(\.\d+)? ms\b/', '<n> ms', $v);
    $v = preg_replace('/\d+(\.\d+)? ?s\b(?! *=)/', '<n> s', $v);
    return $v;
}

$ids = [];
echo json_encode([
    'mode' => wu_hosting_native_mode(),
    'version' => wu_hosting_version(),
    'transcript' => normalise($transcript, '', $ids, $dir),
], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION), "\n";

<?php
/**
 * Drives every failure kind the panels can answer with, with a marker token and
 * key, and prints as JSON every text a user could see: each exception's class,
 * message, properties and trace (as string and as array, with arguments), each
 * log record, each result. Run by SecretsTest with `zend.exception_ignore_args=0`,
 * with the extension or in FFI mode, against a panel started with the markers.
 *
 * php [-d extension=…] -d zend.exception_ignore_args=0 drive.php
 */

declare(strict_types=1);

$root = dirname(__DIR__, 3);
if (!extension_loaded('wu_hosting')) {
    require $root . '/php/native/ffi.php';
}
require $root . '/tests/php/support/FakePanel.php';

use WuHosting\Tests\FakePanel;

$panel = new FakePanel();
$token = $panel->ready['enhance_token'];
$key = $panel->ready['closte_api_key'];
$texts = [];
$log = [];
wu_hosting_set_logger(function (...$args) use (&$log) {
    $log[] = json_encode($args);
});

/** Everything an exception shows, as text. */
function shown(Throwable $e): array
{
    $out = [get_class($e), $e->getMessage(), $e->getTraceAsString(), print_r($e->getTrace(), true), (string) $e];
    foreach ((new ReflectionObject($e))->getProperties() as $p) {
        $p->setAccessible(true);
        if ($p->isInitialized($e)) {
            $out[] = print_r($p->getValue($e), true);
        }
    }
    return $out;
}

$enhance = $panel->config(['timeout' => 1]);
$seed = $panel->seedConfig(['timeout' => 1]);
$closte = $panel->closteConfig(['timeout' => 1]);
$long = fn (string $s, int $n) => str_repeat('x', $n) . $s;
$json = fn (array $body, int $status) => ['kind' => 'status', 'status' => $status, 'body' => $body];
$text = fn (string $body, int $status, string $type = 'text/plain') => ['kind' => 'status', 'status' => $status, 'body' => $body, 'content_type' => $type];

// Answers that echo the secret, whole, cut at a message's length, or in pieces.
$echo = fn (string $s) => [
    'code' => $json(['code' => $s, 'message' => 'bad ' . $s, 'detail' => $s], 403),
    'straddling message' => $json(['code' => 'invalid_argument', 'message' => $long($s, 190)], 400),
    'straddling detail' => $json(['code' => 'invalid_argument', 'message' => 'm', 'detail' => $long($s, 195)], 400),
    'straddling code' => $json(['code' => $long($s, 100)], 400),
    'plain 401' => $text($s, 401),
    'redirect' => ['kind' => 'status', 'status' => 302, 'body' => '', 'location' => 'https://elsewhere.example/login?t=' . $s],
    'not found' => $json(['code' => 'not_found', 'message' => $s], 404),
    'odd 200' => $json(['items' => $s, 'memberships' => $s, 'success' => $s, 'domains' => $s], 200),
    'split pieces' => $json(['code' => 'x', 'message' => substr($s, 0, 9) . ' and ' . substr($s, 9, 9)], 400),
    'invalid json' => ['kind' => 'invalid_json'],
];
// Passing trouble, which is retried (so it is driven through fewer calls).
$trouble = fn (string $s) => [
    'plain text 500' => $text($long($s, 195), 500),
    'html title' => $text('<html><head><title>Error ' . $s . '</title></head><body>' . $s . '</body></html>', 502, 'text/html'),
    'rate limited' => ['kind' => 'status', 'status' => 429, 'retry_after' => 30, 'body' => $s],
    'dropped' => ['kind' => 'drop'],
    'dropped after' => ['kind' => 'drop_after'],
    'stalled' => ['kind' => 'delay', 'ms' => 1500],
];

$enhanceCalls = [
    'add' => fn () => wu_enhance_add_domain('secret-case.example.com', $GLOBALS['enhance']),
    'remove' => fn () => wu_enhance_remove_domain('secret-case.example.com', $GLOBALS['enhance']),
    'list' => fn () => wu_enhance_list_domains($GLOBALS['enhance']),
    'discover' => fn () => wu_enhance_test_connection($GLOBALS['seed']),
    'status' => fn () => wu_enhance_domain_status('network.test', $GLOBALS['enhance']),
    'sync' => fn () => wu_enhance_sync(['secret-sync.example.com'], ['retry_budget' => 0], $GLOBALS['enhance']),
];
$closteCalls = [
    'add' => fn () => wu_closte_add_domain('secret-case.example.com', $GLOBALS['closte']),
    'remove' => fn () => wu_closte_remove_domain('secret-case.example.com', $GLOBALS['closte']),
    'list' => fn () => wu_closte_list_domains($GLOBALS['closte']),
    'sync' => fn () => wu_closte_sync(['secret-sync.example.com'], ['retry_budget' => 0], $GLOBALS['closte']),
];
// Closte's own ways of answering: an error text, a list of an unknown shape.
$closteOwn = fn (string $s) => [
    'closte error' => $json(['success' => false, 'error' => $long($s, 190)], 200),
    'closte key as item key' => $json(['success' => true, 'domains' => [[$s => 'shop.example.com']]], 200),
    'closte key as item' => $json(['success' => true, 'domains' => [['id' => 1, 'fqdn' => $s]]], 200),
];

$cases = 0;
$run = function (#[\SensitiveParameter] array $faults, array $calls, string $path) use (&$texts, &$cases, $panel) {
    foreach ($faults as $name => $rule) {
        foreach ($calls as $call => $fn) {
            $panel->reset();
            $panel->admin('POST', 'faults', ['faults' => [$rule + ['count' => -1, 'path' => $path]]]);
            $cases++;
            try {
                $texts[] = "$name/$call result: " . print_r($fn(), true);
            } catch (Throwable $e) {
                $texts = array_merge($texts, shown($e));
            } finally {
                $panel->admin('DELETE', 'faults');
            }
        }
    }
};
$some = fn (array $calls) => array_intersect_key($calls, ['add' => 1, 'list' => 1]);
$run($echo($token), $enhanceCalls, '/api/');
$run($trouble($token), $some($enhanceCalls), '/api/');
$run($echo($key), $closteCalls, '/closte/');
$run($trouble($key), $some($closteCalls), '/closte/');
$run($closteOwn($key), $closteCalls, '/closte/');

// Settings that carry a secret where it does not belong.
foreach ([
    fn () => wu_enhance_add_domain('x.example.com', ['api_url' => 'https://panel.example/' . $token . '/', 'api_token' => $token]),
    fn () => wu_enhance_add_domain('x.example.com', $enhance + ['network_domain' => $token]),
    fn () => wu_closte_add_domain('x.example.com', ['api_key' => $key, 'api_url' => 'http://' . $key . '.example/api/client']),
] as $fn) {
    $cases++;
    try {
        $texts[] = print_r($fn(), true);
    } catch (Throwable $e) {
        $texts = array_merge($texts, shown($e));
    }
}
wu_hosting_set_logger(null);
echo json_encode(['cases' => $cases, 'texts' => $texts, 'log' => $log, 'token' => $token, 'key' => $key]);

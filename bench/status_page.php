<?php
/**
 * The status page at network scale: 5,000 mapped domains (half of them already on
 * the panel, plus 500 aliases the network no longer wants), against fake-panel and
 * the wu-fixtures loopback DNS and TLS servers. Measures the background refresh
 * (the panel listed once, wu_dns_check_many and wu_ssl_check_many over every name)
 * and the page: built in this process, and served whole by PHP's built-in server
 * to a logged-in super admin. Counts the panel requests made while rendering
 * (there must be none). Figures, not pass/fail.
 *
 * Run inside the test network (make bench-status):
 *   scripts/with-panel.sh scripts/with-wordpress.sh php -d extension=... bench/status_page.php [DOMAINS]
 */

declare(strict_types=1);

use WuHosting\Plugin\Plugin;
use WuHosting\Plugin\Status_Page;
use WuHosting\Plugin\Status_Table;

$domains = (int) ($argv[1] ?? 5000);
$rounds = 5;
$root = dirname(__DIR__);

require $root . '/tests/wordpress/support/main-site-request.php';
require rtrim((string) getenv('WP_ROOT'), '/') . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';
require $root . '/tests/php/support/FakePanel.php';
$admin = get_user_by('login', 'admin');
wp_set_current_user($admin->ID);
$panel = new WuHosting\Tests\FakePanel();

// The loopback DNS server answers b<i>.bench.test for i < $domains.
$fixtures = proc_open(
    [$root . '/target/release/wu-fixtures', '--lifeline', '--bench-domains', (string) $domains],
    [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'a']],
    $pipes
);
$fx = json_decode((string) fgets($pipes[1]), true);
add_filter('wu_hosting_dns_options', fn () => ['nameservers' => [$fx['dns']], 'timeout' => 5]);
add_filter('wu_hosting_ssl_options', fn () => ['connect_to' => $fx['tls']['valid'], 'ca_file' => $fx['ca_file'], 'timeout' => 10]);
add_filter('wu_hosting_dns_expect', fn ($t) => array_merge($t, ['192.0.2.10', '2001:db8::10', 'network.dns.test']));
wu_save_setting('auto_create_www_subdomain', 'never');

// The network: $domains mapped domains, every other one already on the panel, and
// 500 aliases it no longer maps.
global $wpdb;
$table = $wpdb->base_prefix . 'wu_domain_mappings';
wu_get_domains([]); // makes the stand-in's table
$names = array_map(fn ($i) => "b$i.bench.test", range(0, $domains - 1));
foreach (array_chunk($names, 500) as $chunk) {
    $values = implode(',', array_map(fn ($n) => $wpdb->prepare("(1, %s, 'checking-dns', NOW(), NOW())", $n), $chunk));
    $wpdb->query("INSERT INTO `$table` (blog_id, domain, stage, date_created, date_modified) VALUES $values"); // phpcs:ignore
}
$onPanel = array_merge(array_values(array_filter($names, fn ($n) => (int) substr($n, 1) % 2 === 0)), array_map(fn ($i) => "gone$i.bench.test", range(1, 500)));
$t = microtime(true);
$seeded = wu_enhance_sync($onPanel, ['rate' => 0]);
printf("Seeded: %d names mapped, %d aliases on fake-panel (%d of them unwanted) in %.1f s\n", $domains, $seeded['totals']['added'], 500, microtime(true) - $t);

$median = static function (array $xs): float {
    sort($xs);
    return $xs[intdiv(count($xs), 2)];
};

// The background refresh, as the queue runs it.
$checks = Plugin::instance()->status_checks();
$refresh = [];
for ($i = 0; $i < 3; $i++) {
    $before = $panel->requestCount();
    $t = microtime(true);
    $checks->refresh();
    $refresh[] = microtime(true) - $t;
    $requests = $panel->requestCount() - $before;
}
$state = $checks->get();
if ($state['error']) {
    fwrite(STDERR, "refresh failed: {$state['error']}\n");
    exit(1);
}
$names = count($state['dns']);
printf("Refresh: %d names, panel listed with %d request(s) (the last round), DNS and certificates checked: median %.2f s of %d rounds (%s s)\n", $names, $requests, $median($refresh), count($refresh), implode(', ', array_map(fn ($x) => sprintf('%.2f', $x), $refresh)));
printf("Stored checks: %.1f MB serialized\n", strlen(serialize($state)) / 1048576);

// Where the time of a refresh goes: each part alone.
$all = array_keys($state['dns']);
$t = microtime(true);
wu_dns_check_many($all, WuHosting\Plugin\Readiness::expected_targets(), WuHosting\Plugin\Readiness::dns_options());
$dnsTime = microtime(true) - $t;
$t = microtime(true);
wu_ssl_check_many($all, WuHosting\Plugin\Readiness::ssl_options());
$sslTime = microtime(true) - $t;
$t = microtime(true);
wu_enhance_list_domains();
$listTime = microtime(true) - $t;
printf("  of which: listing the panel %.2f s, DNS %.2f s, TLS %.2f s\n", $listTime, $dnsTime, $sslTime);

// The page, built in this process: all rows (for the summary), one page shown.
$page = new Status_Page($checks);
$views = ['first page' => [false, 1], 'page 30' => [false, 30], 'needs attention' => [true, 1]];
foreach ($views as $label => [$attention, $n]) {
    $times = [];
    $before = $panel->requestCount();
    for ($i = 0; $i < $rounds; $i++) {
        wp_cache_flush();
        $t = microtime(true);
        $html = $page->html(Status_Table::current(), $attention, $n, null);
        $times[] = microtime(true) - $t;
    }
    printf("Page built (%s): median %.3f s, %d rows shown, %.0f KB of HTML, %d panel requests\n", $label, $median($times), substr_count($html, '<tr data-domain='), strlen($html) / 1024, $panel->requestCount() - $before);
}
$summary = Status_Table::summary(Status_Table::current()->rows());
printf("Summary: %d fine, %d waiting, %d broken, of %d\n", $summary['fine'], $summary['waiting'], $summary['broken'], $summary['total']);

// The whole request, through PHP's built-in server, as a logged-in super admin.
$probe = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr((string) strrchr(stream_socket_get_name($probe, false), ':'), 1);
fclose($probe);
$server = proc_open(
    [PHP_BINARY, '-d', 'extension=' . $root . '/target/release/libwu_hosting.so', '-S', "127.0.0.1:$port", '-t', ABSPATH],
    [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']],
    $serverPipes
);
for ($i = 0; $i < 100 && !@fsockopen('127.0.0.1', $port); $i++) {
    usleep(100000);
}
$expire = time() + HOUR_IN_SECONDS;
$cookie = sprintf(
    '%s=%s; %s=%s',
    AUTH_COOKIE,
    rawurlencode(wp_generate_auth_cookie($admin->ID, $expire, 'auth')),
    LOGGED_IN_COOKIE,
    rawurlencode(wp_generate_auth_cookie($admin->ID, $expire, 'logged_in'))
);
$context = stream_context_create(['http' => ['header' => "Host: " . DOMAIN_CURRENT_SITE . "\r\nCookie: $cookie\r\nConnection: close\r\n", 'timeout' => 60]]);
$times = [];
$before = $panel->requestCount();
for ($i = 0; $i < $rounds; $i++) {
    $t = microtime(true);
    $body = (string) file_get_contents("http://127.0.0.1:$port/wp-admin/network/admin.php?page=" . Status_Page::SLUG, false, $context);
    $times[] = microtime(true) - $t;
    if (!str_contains($body, 'wu-hosting-summary')) {
        fwrite(STDERR, "the page did not render: " . substr(strip_tags($body), 0, 500) . "\n");
        exit(1);
    }
}
printf("Page served by PHP's built-in server (WordPress loaded, logged in): median %.3f s of %d (%s s), %d rows, %.0f KB, %d panel requests\n", $median($times), $rounds, implode(', ', array_map(fn ($x) => sprintf('%.3f', $x), $times)), substr_count($body, '<tr data-domain='), strlen($body) / 1024, $panel->requestCount() - $before);
proc_terminate($server);
proc_close($server);
fclose($pipes[0]);
proc_terminate($fixtures);
proc_close($fixtures);

<?php
/**
 * wu_hosting demo: what a WordPress network does when customers map domains.
 *
 * Run by `make demo` against the local fake-panel. Against a real Enhance panel:
 *   WU_ENHANCE_API_URL=https://panel.example.com/api/ WU_ENHANCE_API_TOKEN=... \
 *   WU_ENHANCE_SERVER_ID=... DOMAIN_CURRENT_SITE=network.example.com \
 *   php -d extension=wu_hosting.so examples/demo.php [domain ...]
 * (WU_ENHANCE_ORG_ID and WU_ENHANCE_WEBSITE_ID may be given instead of the
 * server id.) The domains it maps are removed again at the end, except one,
 * which is left mapped to show both states; pass --cleanup to remove all.
 * With CLOSTE_CLIENT_API_KEY set (as on Closte hosting) it also shows the Closte
 * functions; without it, that part is skipped.
 */

declare(strict_types=1);

if (!extension_loaded('wu_hosting')) {
    fwrite(STDERR, "Load the extension: php -d extension=target/release/libwu_hosting.so examples/demo.php\n");
    exit(1);
}

// The constants a wp-config.php would hold, taken from the environment here.
foreach (['WU_ENHANCE_API_URL', 'WU_ENHANCE_API_TOKEN', 'WU_ENHANCE_ORG_ID', 'WU_ENHANCE_WEBSITE_ID', 'WU_ENHANCE_SERVER_ID', 'DOMAIN_CURRENT_SITE', 'CLOSTE_CLIENT_API_KEY', 'WU_CLOSTE_API_URL'] as $name) {
    $value = getenv($name);
    if ($value !== false && $value !== '' && !defined($name)) {
        define($name, $value);
    }
}

$args = array_slice($argv, 1);
$cleanup = in_array('--cleanup', $args, true);
$domains = array_values(array_filter($args, fn ($a) => $a !== '--cleanup'));
if ($domains === []) {
    $domains = ['shop.example.com', 'blog.example.org', 'bücher.example'];
}

function line(string $text = ''): void
{
    echo $text, PHP_EOL;
}

function fail(Throwable $e): never
{
    line(sprintf('  FAILED: %s', get_class($e)));
    line('  ' . $e->getMessage());
    exit(1);
}

line('wu_hosting ' . wu_hosting_version() . ': Enhance domain sync demo');
line(str_repeat('=', 60));

line('1. Test the connection');
try {
    $t = microtime(true);
    $c = wu_enhance_test_connection();
    line(sprintf('  ok: website %s (%s) in organisation %s, %d domain(s), %.0f ms',
        $c['website_domain'], $c['website_id'], $c['org_id'], $c['domains'], (microtime(true) - $t) * 1000));
} catch (WuHosting\Exception $e) {
    fail($e);
}

line();
line('2. Map ' . count($domains) . ' domains (each twice: the second call must create nothing)');
foreach ($domains as $d) {
    try {
        $t = microtime(true);
        $first = wu_enhance_add_domain($d);
        $ms = (microtime(true) - $t) * 1000;
        $again = wu_enhance_add_domain($d);
        line(sprintf('  %-28s -> %-28s id %s  %s, again: %s  (%.0f ms)',
            $d, $first['domain'], $first['id'], $first['created'] ? 'created' : 'already there',
            $again['created'] ? 'created (WRONG)' : 'already there', $ms));
    } catch (WuHosting\Exception $e) {
        fail($e);
    }
}

line();
line('3. The website\'s domains and their SSL state');
try {
    foreach (wu_enhance_list_domains() as $item) {
        $ssl = $item['ssl'] === null ? 'no certificate'
            : ($item['ssl']['placeholder'] ? 'placeholder (waiting for DNS and Let\'s Encrypt)'
                : sprintf('issued by %s, expires %s', $item['ssl']['issuer'], $item['ssl']['expires']));
        line(sprintf('  %-34s %-8s %s', $item['domain'], $item['kind'] ?? '?', $ssl));
    }
} catch (WuHosting\Exception $e) {
    fail($e);
}

line();
$toRemove = $cleanup ? $domains : [$domains[0]];
line('4. Remove ' . implode(', ', $toRemove) . ' (twice: the second call must remove nothing)');
foreach ($toRemove as $d) {
    try {
        $r = wu_enhance_remove_domain($d);
        $again = wu_enhance_remove_domain($d);
        line(sprintf('  %-28s removed: %s (id %s), again: %s', $d, $r['removed'] ? 'yes' : 'no', $r['id'] ?? '-', $again['removed'] ? 'yes (WRONG)' : 'nothing to remove'));
    } catch (WuHosting\Exception $e) {
        fail($e);
    }
}

line();
line('5. Bad input is refused before anything is sent');
foreach (['https://shop.example.com/', '*.example.com'] as $bad) {
    try {
        wu_enhance_add_domain($bad);
        line("  $bad was accepted (WRONG)");
    } catch (WuHosting\InvalidDomainException $e) {
        line('  ' . $e->getMessage());
    }
}

line();
try {
    $left = array_column(wu_enhance_list_domains(), 'domain');
    line('Enhance website domains now: ' . implode(', ', $left));
} catch (WuHosting\Exception $e) {
    fail($e);
}

line();
line('6. Closte');
if (!wu_closte_detect()) {
    line('  CLOSTE_CLIENT_API_KEY is not defined: not on Closte, skipped.');
} else {
    try {
        $c = wu_closte_test_connection();
        line(sprintf('  connection ok, %d alias(es)', $c['domains']));
        foreach (['shop.example.com', '*.customers.example.com'] as $d) {
            $r = wu_closte_add_domain($d);
            $again = wu_closte_add_domain($d);
            line(sprintf('  add %-26s created: %s, wildcard: %s, again: %s', $d, $r['created'] ? 'yes' : 'no',
                $r['wildcard'] ? 'yes' : 'no', $again['created'] ? 'created (WRONG)' : 'already there'));
        }
        line('  aliases: ' . implode(', ', array_column(wu_closte_list_domains(), 'domain')));
        $r = wu_closte_remove_domain('shop.example.com');
        line('  remove shop.example.com: ' . ($r['removed'] ? 'removed' : 'was not there'));
        line('  aliases now: ' . implode(', ', array_column(wu_closte_list_domains(), 'domain')));
    } catch (WuHosting\Exception $e) {
        fail($e);
    }
}
line();
line('Done.');

<?php
/**
 * The "Domains on the panel" page in a real browser: Debian's chromium, driven by
 * playwright-core (tests/browser/status-page.mjs), against the test network served
 * by PHP's built-in web server (the same PHP, extensions and native mode as this
 * suite), with the network's host names mapped to it by chromium's host resolver
 * rules. The super admin logs in through the login form; the rows and the summary
 * are checked against the state set here on fake-panel and the loopback DNS; a
 * removal, a dry-run sync and a sync change the panel; a site admin who is not a
 * super admin gets no page and no action. The screenshots stay in
 * target/browser/<mode>/.
 */

declare(strict_types=1);

namespace WuHosting\Tests\WordPress;

use WuHosting\Plugin\Plugin;
use WuHosting\Plugin\Retry_Queue;
use WuHosting\Tests\Fixtures;

require_once dirname(__DIR__) . '/php/support/Fixtures.php';

final class BrowserTest extends WordPressTestCase
{
    private const OTHER_LOGIN = 'siteadmin';
    private const OTHER_PASSWORD = 'site-admin-password';

    /** @var resource|null */
    private $server = null;

    protected function tearDown(): void
    {
        if (is_resource($this->server)) {
            proc_terminate($this->server);
            proc_close($this->server);
        }
        parent::tearDown();
    }

    public function testTheNetworkAdminSeesFixesAndSyncsTheDomainsInABrowser(): void
    {
        $root = dirname(__DIR__, 2);
        $script = "$root/tests/browser/status-page.mjs";
        $this->assertFileExists("$root/tests/browser/node_modules/playwright-core/package.json", 'run npm ci in tests/browser (make test-wordpress does)');
        $this->assertFileExists('/usr/bin/chromium', 'install Debian\'s chromium (scripts/deps.sh --wordpress does)');

        // The network: four mapped domains, two aliases it no longer wants.
        um_standin_reset();
        wu_save_setting('auto_create_www_subdomain', 'never');
        $this->forgetSiteOption('wp-ultimo_settings');
        foreach (['valid.tls.test' => 'done', 'foreign.dns.test' => 'checking-dns', 'mixed.dns.test' => 'checking-dns', 'nothing-here.dns.test' => 'checking-dns'] as $name => $stage) {
            $this->assertNotWPError(wu_create_domain(['blog_id' => 1, 'domain' => $name, 'stage' => $stage]));
        }
        foreach (['valid.tls.test', 'old-alias.test', 'older-alias.test'] as $name) {
            wu_enhance_add_domain($name);
        }
        $other = wpmu_create_user(self::OTHER_LOGIN, self::OTHER_PASSWORD, 'siteadmin@network.test');
        add_user_to_blog(get_main_site_id(), $other, 'administrator');

        // The checks, as the background job runs them: the fixture's DNS server, the
        // certificates of its "valid" server, 192.0.2.10 counted as the server's.
        wu_test_readiness_filters();
        $fx = Fixtures::ready();
        update_site_option('wu_test_readiness', [
            'dns' => ['nameservers' => [$fx['dns']], 'timeout' => 3],
            'ssl' => ['connect_to' => $fx['tls']['valid'], 'ca_file' => $fx['ca_file'], 'timeout' => 3],
            'expect' => ['192.0.2.10'],
        ]);
        Plugin::instance()->status_checks()->schedule();
        um_standin_run_actions(Retry_Queue::GROUP);

        $shots = "$root/target/browser/" . getenv('WU_HOSTING_MODE');
        is_dir($shots) || mkdir($shots, 0777, true);
        $port = $this->startServer("$shots/server.log");
        $seen = $this->browse($script, [
            'WU_BROWSER_BASE' => 'http://' . DOMAIN_CURRENT_SITE,
            'WU_BROWSER_SERVER' => "127.0.0.1:$port",
            'WU_BROWSER_ADMIN' => self::ADMIN_LOGIN . ':' . self::ADMIN_PASSWORD,
            'WU_BROWSER_OTHER' => self::OTHER_LOGIN . ':' . self::OTHER_PASSWORD,
            'WU_BROWSER_REMOVE' => 'older-alias.test',
            'WU_BROWSER_KEEP' => 'old-alias.test',
            'WU_BROWSER_SHOTS' => $shots,
        ]);

        // The page, in the network Settings menu (the stand-in has no menu of its own).
        $this->assertSame(200, $seen['firstStatus']);
        $this->assertSame(['Domains on the panel'], $seen['menu']);
        $this->assertSame('Domains on the panel', $seen['initial']['title']);
        $this->assertSame(['fine' => 1, 'waiting' => 0, 'broken' => 5, 'total' => 6], $seen['initial']['counts']);
        $this->assertStringContainsString('Some names are broken and need you. 1 fine, 0 waiting, 5 broken, of 6 names.', $seen['initial']['summary']);
        $rows = array_column($seen['initial']['rows'], null, 'domain');
        $this->assertSame(['foreign.dns.test', 'mixed.dns.test', 'nothing-here.dns.test', 'valid.tls.test', 'old-alias.test', 'older-alias.test'], array_keys($rows));

        $valid = $rows['valid.tls.test'];
        $this->assertSame('fine', $valid['status_attr']);
        $this->assertStringEndsWith('fine', $valid['status'], 'the state in words, beside its colour');
        $this->assertSame('yes: on Enhance', $valid['panel']);
        $this->assertSame('points at the server (A 127.0.0.1)', $valid['dns']);
        $this->assertMatchesRegularExpression('/^real: \d+ days left, issued by /', $valid['certificate']);
        $this->assertSame('done', $valid['stage']);

        $foreign = $rows['foreign.dns.test'];
        $this->assertSame('broken', $foreign['status_attr']);
        $this->assertSame('missing: not on Enhance', $foreign['panel']);
        $this->assertSame('points elsewhere (A 198.51.100.7)', $foreign['dns']);
        $this->assertSame('wrong name: the certificate is for valid.tls.test', $foreign['certificate']);
        $this->assertSame('checking-dns', $foreign['stage']);
        $this->assertStringContainsString('Create an A record for foreign.dns.test pointing at 127.0.0.1 (or a CNAME to network.test). Remove the records that point elsewhere: A 198.51.100.7.', $foreign['todo']);
        $this->assertSame('mixed: some records point elsewhere (A 192.0.2.10, AAAA 2001:db8:ffff::7)', $rows['mixed.dns.test']['dns']);
        $this->assertSame('no such name (NXDOMAIN)', $rows['nothing-here.dns.test']['dns']);
        $this->assertSame('not wanted: on Enhance, but no longer mapped', $rows['old-alias.test']['panel']);
        $this->assertSame(['Remove from the panel'], $rows['old-alias.test']['buttons']);
        $this->assertSame([], $valid['buttons']);

        $this->assertSame(['foreign.dns.test', 'mixed.dns.test', 'nothing-here.dns.test', 'old-alias.test', 'older-alias.test'], array_column($seen['attention']['rows'], 'domain'));

        // One alias removed with its button.
        $this->assertSame('older-alias.test was removed from the panel.', $seen['afterRemove']['result']);
        $this->assertNotContains('older-alias.test', array_column($seen['afterRemove']['rows'], 'domain'));

        // The dry run lists the plan and sends nothing; the sync applies it. old-alias.test
        // is in the plan: the site admin's removal, before, did nothing.
        $this->assertSame('Dry run: the sync would add 3 and remove 1 names. Nothing was sent yet.', $seen['dryRun']['result']);
        $this->assertSame(['add' => ['foreign.dns.test', 'mixed.dns.test', 'nothing-here.dns.test'], 'remove' => ['old-alias.test']], $seen['plan']);
        $this->assertSame('Sync done: 3 added, 1 removed, 1 already there, 0 failed.', $seen['afterSync']['result']);
        $after = array_column($seen['afterSync']['rows'], 'panel', 'domain');
        $this->assertSame(['foreign.dns.test' => 'yes: on Enhance', 'mixed.dns.test' => 'yes: on Enhance', 'nothing-here.dns.test' => 'yes: on Enhance', 'valid.tls.test' => 'yes: on Enhance'], $after);
        $domains = $this->panel->networkDomains();
        foreach (['foreign.dns.test', 'mixed.dns.test', 'nothing-here.dns.test', 'valid.tls.test'] as $name) {
            $this->assertArrayHasKey($name, $domains);
        }
        $this->assertArrayNotHasKey('old-alias.test', $domains);
        $this->assertArrayNotHasKey('older-alias.test', $domains);
        $this->assertFileExists("$shots/status-page.png");

        // A site admin who is not a super admin: no page, no action.
        $this->assertSame(403, $seen['other']['status']);
        $this->assertStringContainsString('not allowed', $seen['other']['text']);
        $this->assertSame(403, $seen['otherAction']['status']);
        $this->assertStringContainsString('Only network admins can do this.', $seen['otherAction']['text']);
        // (old-alias.test, which the site admin tried to remove, was still there for the dry run above.)
    }

    /** Starts PHP's built-in server on the WordPress directory; returns its port. */
    private function startServer(string $log): int
    {
        $probe = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int) substr((string) strrchr(stream_socket_get_name($probe, false), ':'), 1);
        fclose($probe);
        $cmd = array_merge($this->php(), ['-S', "127.0.0.1:$port", '-t', (string) getenv('WP_ROOT')]);
        $this->server = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'w'], 2 => ['file', $log, 'a']], $pipes, null, ['PHP_CLI_SERVER_WORKERS' => '4'] + getenv());
        for ($i = 0; $i < 100; $i++) {
            $c = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 0.2);
            if ($c) {
                fclose($c);
                return $port;
            }
            usleep(100000);
        }
        $this->fail('PHP\'s built-in server did not start: ' . file_get_contents($log));
    }

    /** Runs the browser script; returns what it saw. */
    private function browse(string $script, array $env): array
    {
        $proc = proc_open(['node', $script], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, dirname($script), $env + getenv());
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        $status = proc_close($proc);
        $this->assertSame(0, $status, "the browser script failed: $err $out");
        $seen = json_decode(trim($out), true);
        $this->assertIsArray($seen, "the browser script printed no JSON: $out $err");
        return $seen;
    }
}

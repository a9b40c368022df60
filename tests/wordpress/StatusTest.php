<?php
/**
 * The status of the network's domains on its panel (Status_Checks, Status_Table,
 * Status_Actions, `wp wu-hosting status`), in this process, against fake-panel and
 * the loopback DNS and TLS fixtures: the background refresh, the rows and their
 * words, the actions, and who may use them. The page in a real browser is
 * BrowserTest.
 */

declare(strict_types=1);

namespace WuHosting\Tests\WordPress;

use WuHosting\Plugin\Plugin;
use WuHosting\Plugin\Retry_Queue;
use WuHosting\Plugin\Status_Actions;
use WuHosting\Plugin\Status_Checks;
use WuHosting\Plugin\Status_Page;
use WuHosting\Plugin\Status_Table;
use WuHosting\Tests\Fixtures;

require_once __DIR__ . '/support/wp-cli-standin.php';
require_once dirname(__DIR__) . '/php/support/Fixtures.php';

final class StatusTest extends WordPressTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        um_standin_reset();
        \WP_CLI::reset();
        wu_test_readiness_filters();
        $fx = Fixtures::ready();
        wu_save_setting('auto_create_www_subdomain', 'never');
        $this->forgetSiteOption('wp-ultimo_settings');
        // The fixture's DNS server; certificates from its "valid" TLS server, whatever
        // the name; 192.0.2.10 counts as the server too (besides the panel's 127.0.0.1).
        update_site_option('wu_test_readiness', [
            'dns' => ['nameservers' => [$fx['dns']], 'timeout' => 3],
            'ssl' => ['connect_to' => $fx['tls']['valid'], 'ca_file' => $fx['ca_file'], 'timeout' => 3],
            'expect' => ['192.0.2.10'],
        ]);
    }

    /** Maps $names in Ultimate Multisite (no hooks run: the panel does not learn of them). */
    private function map(array $stages): void
    {
        foreach ($stages as $name => $stage) {
            $this->assertNotWPError(wu_create_domain(['blog_id' => 1, 'domain' => $name, 'stage' => $stage]));
        }
    }

    /** @return array<string, array<string, mixed>> rows by domain */
    private function rows(): array
    {
        return array_column(Status_Table::current()->rows(), null, 'domain');
    }

    private function refreshThroughTheQueue(): void
    {
        $this->assertSame('action-scheduler', Plugin::instance()->status_checks()->schedule());
        $this->assertTrue(as_has_scheduled_action(Status_Checks::HOOK, [], Retry_Queue::GROUP));
        // Only the plugin's group: Ultimate Multisite's own queued domain work is not this test's.
        um_standin_run_actions(Retry_Queue::GROUP);
        $this->assertFalse(Plugin::instance()->status_checks()->pending());
    }

    public function testTheRefreshListsThePanelOnceAndChecksEveryNameAtOnce(): void
    {
        $this->map(['valid.tls.test' => 'done', 'foreign.dns.test' => 'checking-dns', 'mixed.dns.test' => 'checking-dns', 'nothing-here.dns.test' => 'checking-dns']);
        wu_enhance_add_domain('valid.tls.test');
        wu_enhance_add_domain('old-alias.test');
        $this->refreshThroughTheQueue();
        // Once the server's addresses are known, a refresh costs one panel request: the listing.
        $before = $this->panel->requestCount();
        $this->refreshThroughTheQueue();
        $requests = $this->panel->requestsSince($before);
        $this->assertCount(1, $requests, json_encode($requests));
        $this->assertStringEndsWith('/domains?withSsl=true', $requests[0]['path']);

        $state = Plugin::instance()->status_checks()->get();
        $this->assertSame(['127.0.0.1'], $state['server_ips'], 'the DNS expectation comes from the panel');
        $this->assertNull($state['error']);
        $this->assertEqualsWithDelta(time(), $state['checked'], 60);

        $rows = $this->rows();
        $this->assertSame(['foreign.dns.test', 'mixed.dns.test', 'nothing-here.dns.test', 'valid.tls.test', 'old-alias.test'], array_keys($rows));

        $valid = $rows['valid.tls.test'];
        $this->assertSame('fine', $valid['status']);
        $this->assertSame('yes: on Enhance', $valid['panel']);
        $this->assertSame('points at the server (A 127.0.0.1)', $valid['dns']);
        $this->assertMatchesRegularExpression('/^real: \d+ days left, issued by .+ \(until \d{4}-/', $valid['certificate']);
        $this->assertSame('done', $valid['stage']);
        $this->assertSame('', $valid['todo']);

        $foreign = $rows['foreign.dns.test'];
        $this->assertSame('broken', $foreign['status']);
        $this->assertSame('missing: not on Enhance', $foreign['panel']);
        $this->assertSame('points elsewhere (A 198.51.100.7)', $foreign['dns']);
        $this->assertSame('wrong name: the certificate is for valid.tls.test', $foreign['certificate']);
        $this->assertStringContainsString('Create an A record for foreign.dns.test pointing at 127.0.0.1 (or a CNAME to network.test). Remove the records that point elsewhere: A 198.51.100.7.', $foreign['todo']);
        $this->assertStringContainsString('run a sync', $foreign['todo']);

        $this->assertSame('mixed: some records point elsewhere (A 192.0.2.10, AAAA 2001:db8:ffff::7)', $rows['mixed.dns.test']['dns']);
        $this->assertStringContainsString('Remove the records that point elsewhere: AAAA 2001:db8:ffff::7.', $rows['mixed.dns.test']['todo']);
        $this->assertSame('no such name (NXDOMAIN)', $rows['nothing-here.dns.test']['dns']);
        // connect_to sends every check to the fixture's server, whatever DNS says.
        $this->assertSame('wrong name: the certificate is for valid.tls.test', $rows['nothing-here.dns.test']['certificate']);

        $old = $rows['old-alias.test'];
        $this->assertSame('not wanted: on Enhance, but no longer mapped', $old['panel']);
        $this->assertSame('broken', $old['status']);
        $this->assertTrue($old['can_remove']);
        $this->assertSame(['fine' => 1, 'waiting' => 0, 'broken' => 4, 'total' => 5], Status_Table::summary(array_values($rows)));
        $this->assertSame(['foreign.dns.test', 'mixed.dns.test', 'nothing-here.dns.test', 'old-alias.test'], array_column(Status_Table::needing_attention(array_values($rows)), 'domain'));
    }

    public function testTheReadinessFilterTakesTheServerAddressesFromThePanel(): void
    {
        $this->map(['valid.tls.test' => 'checking-dns']);
        $this->refreshThroughTheQueue();
        $this->assertContains('127.0.0.1', \WuHosting\Plugin\Readiness::expected_targets());
        // 127.0.0.1 is only the panel's: without it the name would not count as ready.
        $this->assertTrue(Plugin::instance()->readiness()->dns_ready('valid.tls.test'));
    }

    public function testRowsBeforeAnyCheckAreWaitingAndTheViewQueuesARefresh(): void
    {
        $this->map(['valid.tls.test' => 'checking-dns']);
        $rows = $this->rows();
        $this->assertSame('not listed yet', $rows['valid.tls.test']['panel']);
        $this->assertSame('not checked yet', $rows['valid.tls.test']['dns']);
        $this->assertSame('waiting', $rows['valid.tls.test']['status']);
        $this->assertFalse(Plugin::instance()->status_checks()->pending());
        Plugin::instance()->status_checks()->refresh_if_stale();
        $this->assertTrue(Plugin::instance()->status_checks()->pending());
    }

    public function testStatesFromStoredChecksAreWrittenOutInWords(): void
    {
        $this->map(['a.test' => 'checking-ssl-cert', 'b.test' => 'done', 'c.test' => 'done']);
        $plugin = Plugin::instance();
        $dns = ['ok' => true, 'reason' => null, 'a' => ['127.0.0.1'], 'aaaa' => [], 'cname' => [], 'matched' => 'a 127.0.0.1', 'error' => null];
        $ssl = static fn (array $c) => $c + ['ok' => false, 'issuer' => 'R11', 'not_after' => '2020-01-01T00:00:00Z', 'days_left' => -5, 'placeholder' => false, 'sans' => [], 'error' => null];
        update_site_option(Status_Checks::OPTION, [
            'panel' => 'enhance', 'listed' => time(), 'checked' => time(), 'server_ips' => ['127.0.0.1'], 'error' => null,
            'domains' => ['network.test' => 'primary', 'a.test' => 'alias', 'b.test' => 'alias', 'c.test' => 'alias'],
            'dns' => ['a.test' => $dns, 'b.test' => $dns, 'c.test' => $dns],
            'ssl' => [
                'a.test' => $ssl(['reason' => 'placeholder', 'placeholder' => true, 'issuer' => 'a.test']),
                'b.test' => $ssl(['reason' => 'expired']),
                'c.test' => $ssl(['reason' => 'untrusted issuer']),
            ],
        ]);
        $e = new \RuntimeException('Enhance API answered 503');
        $plugin->retrying()->record('enhance', ['op' => 'add', 'domain' => 'c.test', 'site_id' => 1, 'kind' => 'domain', 'attempt' => 2], $e, 1_900_000_000);

        $rows = $this->rows();
        $this->assertSame("Enhance's placeholder: no real certificate yet", $rows['a.test']['certificate']);
        $this->assertSame('waiting', $rows['a.test']['status'], 'a placeholder waits for Let\'s Encrypt');
        $this->assertTrue($rows['a.test']['can_issue']);
        $this->assertStringContainsString('issue the certificate', $rows['a.test']['todo']);
        $this->assertSame('checking-ssl-cert', $rows['a.test']['stage']);
        $this->assertSame('expired on 2020-01-01T00:00:00Z (issued by R11)', $rows['b.test']['certificate']);
        $this->assertSame('broken', $rows['b.test']['status']);
        $this->assertSame('not trusted: untrusted issuer', $rows['c.test']['certificate']);
        $this->assertSame('Adding failed (RuntimeException): Enhance API answered 503 Next try at 2030-03-17 17:46 UTC.', $rows['c.test']['failure']);
        $this->assertSame('enhance:c.test', $rows['c.test']['failure_key']);
    }

    public function testTheStatusCommandPrintsTheSameTable(): void
    {
        \WuHosting\Plugin\Cli\Commands::register();
        $this->map(['valid.tls.test' => 'done', 'foreign.dns.test' => 'checking-dns']);
        wu_enhance_add_domain('valid.tls.test');
        $this->assertSame(0, \WP_CLI::run('wu-hosting status --refresh --format=json'), implode("\n", \WP_CLI::said('error')));
        $out = end(\WP_CLI::$formatted);
        $items = json_decode($out['output'], true);
        $this->assertSame(Status_Table::FIELDS, array_keys($items[0]));
        $this->assertSame(['foreign.dns.test', 'valid.tls.test'], array_column($items, 'domain'));
        $this->assertSame(['broken', 'fine'], array_column($items, 'status'));
        $this->assertSame(array_column($this->rows(), 'dns'), array_column($items, 'dns'));
        $this->assertSame(['1 fine, 0 waiting, 1 broken, of 2 names.'], \WP_CLI::said('log'));

        \WP_CLI::reset();
        $this->assertSame(0, \WP_CLI::run('wu-hosting status --needs-attention --format=csv'));
        $out = end(\WP_CLI::$formatted);
        $this->assertSame(['foreign.dns.test'], array_column($out['items'], 'domain'));
        $this->assertStringStartsWith('domain,status,panel,dns,certificate,stage,failure,todo', $out['output']);
    }

    public function testSyncDryRunThenApply(): void
    {
        $this->map(['valid.tls.test' => 'done', 'foreign.dns.test' => 'checking-dns']);
        wu_enhance_add_domain('old-alias.test');
        $actions = new Status_Actions(Plugin::instance()->status_checks());
        $dry = $actions->run('dry-run');
        $this->assertSame(['add' => ['foreign.dns.test', 'valid.tls.test'], 'remove' => ['old-alias.test']], $dry['plan']);
        $this->assertArrayNotHasKey('valid.tls.test', $this->panel->networkDomains(), 'a dry run sends nothing');
        $done = $actions->run('sync');
        $this->assertSame('success', $done['kind'], $done['message']);
        $this->assertSame('Sync done: 2 added, 1 removed, 0 already there, 0 failed.', $done['message']);
        $domains = $this->panel->networkDomains();
        $this->assertArrayHasKey('foreign.dns.test', $domains);
        $this->assertArrayNotHasKey('old-alias.test', $domains);
        // The panel was listed again: the rows know without a new check.
        $this->assertSame('yes: on Enhance', $this->rows()['foreign.dns.test']['panel']);
        $this->assertArrayNotHasKey('old-alias.test', $this->rows());
    }

    public function testRemoveOnlyWhatIsNotWanted(): void
    {
        $this->map(['valid.tls.test' => 'done']);
        wu_enhance_add_domain('valid.tls.test');
        wu_enhance_add_domain('old-alias.test');
        $actions = new Status_Actions(Plugin::instance()->status_checks());
        try {
            $actions->run('remove', 'valid.tls.test');
            $this->fail('a wanted name was removed');
        } catch (\InvalidArgumentException $e) {
            $this->assertSame('valid.tls.test is still mapped on the network; unmap it first.', $e->getMessage());
        }
        $this->assertArrayHasKey('valid.tls.test', $this->panel->networkDomains());
        $this->assertSame('old-alias.test was removed from the panel.', $actions->run('remove', 'old-alias.test')['message']);
        $this->assertArrayNotHasKey('old-alias.test', $this->panel->networkDomains());
    }

    public function testRetryOneFailureShowsTheExceptionsMessageWhenItFailsAgain(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 400, 'count' => -1, 'method' => 'POST', 'path' => '/domains']]);
        Plugin::instance()->sync()->add_domain(\WuHosting\Plugin\Panel::get('enhance'), 'retry-me.test', 1);
        $this->assertArrayHasKey('enhance:retry-me.test', Plugin::instance()->failures()->all());
        $actions = new Status_Actions(Plugin::instance()->status_checks());
        $again = $actions->run('retry', '', 'enhance:retry-me.test');
        $this->assertSame('error', $again['kind']);
        $this->assertStringStartsWith('Retried retry-me.test: failed again: ', $again['message']);
        $this->assertStringContainsString('(ApiException)', $again['message']);
        $this->panel->admin('DELETE', 'faults');
        $this->assertSame('Retried retry-me.test: done.', $actions->run('retry', '', 'enhance:retry-me.test')['message']);
        $this->assertArrayHasKey('retry-me.test', $this->panel->networkDomains());
        $this->assertSame([], Plugin::instance()->failures()->all());
    }

    public function testIssueTheCertificateAfterThePreflight(): void
    {
        wu_enhance_add_domain('issue-me.test');
        $actions = new Status_Actions(Plugin::instance()->status_checks());
        $no = $actions->run('issue', 'issue-me.test');
        $this->assertSame('error', $no['kind']);
        $this->assertStringStartsWith('Enhance cannot issue a certificate for issue-me.test yet: DNS does not resolve to this server', $no['message']);
        $this->panel->setDns('issue-me.test', 'Resolved');
        $before = $this->panel->requestCount();
        $yes = $actions->run('issue', 'issue-me.test');
        $this->assertSame('success', $yes['kind'], $yes['message']);
        $this->assertSame("Enhance issued a Let's Encrypt certificate for issue-me.test; the next check shows it.", $yes['message']);
        $sent = array_map(fn ($r) => $r['method'] . ' ' . preg_replace('#.*/v2/domains/[^/]+/#', '', $r['path']), $this->panel->requestsSince($before));
        $this->assertContains('POST letsencrypt_preflight', $sent);
        $this->assertContains('POST letsencrypt', $sent);
    }

    public function testANonSuperAdminGetsNoPageAndNoAction(): void
    {
        $id = wpmu_create_user('siteadmin', 'password', 'siteadmin@network.test');
        add_user_to_blog(get_main_site_id(), $id, 'administrator');
        wp_set_current_user($id);
        $this->assertFalse(current_user_can(Status_Page::CAPABILITY));
        (new Status_Page(Plugin::instance()->status_checks()))->menu();
        $this->assertArrayNotHasKey('settings_page_wu-hosting-domains', $GLOBALS['_registered_pages'] ?? [], 'no menu entry');

        wu_enhance_add_domain('old-alias.test');
        $_POST = ['action' => Status_Actions::ACTION, 'do' => 'remove', 'domain' => 'old-alias.test', '_wpnonce' => wp_create_nonce(Status_Actions::ACTION)];
        $_REQUEST = $_POST;
        $died = null;
        $handler = static function () use (&$died) {
            return static function ($message, $title = '', $args = []) use (&$died) {
                $died = [$message, $args['response'] ?? null];
                throw new \RuntimeException('wp_die');
            };
        };
        add_filter('wp_die_handler', $handler);
        try {
            (new Status_Actions(Plugin::instance()->status_checks()))->handle();
        } catch (\RuntimeException $e) {
            $this->assertSame('wp_die', $e->getMessage());
        } finally {
            remove_filter('wp_die_handler', $handler);
            $_POST = $_REQUEST = [];
        }
        $this->assertSame(['Only network admins can do this.', 403], $died);
        $this->assertArrayHasKey('old-alias.test', $this->panel->networkDomains(), 'nothing was removed');
    }
}

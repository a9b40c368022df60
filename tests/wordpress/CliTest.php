<?php
/**
 * `wp wu-hosting ...` through a recording stand-in of WP-CLI's documented API
 * (tests/wordpress/support/wp-cli-standin.php): the commands registered, their
 * output through format_items in each format, progress bars, and errors that
 * end a command with exit status 1.
 */

declare(strict_types=1);

namespace WuHosting\Tests\WordPress;

use WuHosting\Tests\Fixtures;

require_once __DIR__ . '/support/wp-cli-standin.php';
require_once dirname(__DIR__) . '/php/support/Fixtures.php';

final class CliTest extends WordPressTestCase
{
    public static function setUpBeforeClass(): void
    {
        parent::setUpBeforeClass();
        \WuHosting\Plugin\Cli\Commands::register();
    }

    protected function setUp(): void
    {
        parent::setUp();
        um_standin_reset();
        \WP_CLI::reset();
    }

    protected function tearDown(): void
    {
        remove_all_filters('wu_hosting_dns_options');
        remove_all_filters('wu_hosting_ssl_options');
        parent::tearDown();
    }

    /** Runs a command line; returns [exit status, the last format_items call]. */
    private function wp(string $line): array
    {
        $status = \WP_CLI::run($line);
        $last = \WP_CLI::$formatted ? \WP_CLI::$formatted[count(\WP_CLI::$formatted) - 1] : null;
        return [$status, $last];
    }

    public function testTheCommandsAreRegistered(): void
    {
        foreach (['wu-hosting enhance', 'wu-hosting closte', 'wu-hosting check'] as $name) {
            $this->assertArrayHasKey($name, \WP_CLI::$commands);
        }
    }

    public function testEnhanceAddListRemove(): void
    {
        [$status, $out] = $this->wp('wu-hosting enhance add cli-a.test cli-b.test --format=json');
        $this->assertSame(0, $status, implode("\n", \WP_CLI::said('error')));
        $this->assertSame('json', $out['format']);
        $this->assertSame([
            ['domain' => 'cli-a.test', 'result' => 'added', 'error' => null],
            ['domain' => 'cli-b.test', 'result' => 'added', 'error' => null],
        ], json_decode($out['output'], true));
        $this->assertArrayHasKey('cli-a.test', $this->panel->networkDomains());

        [$status, $out] = $this->wp('wu-hosting enhance add cli-a.test');
        $this->assertSame(0, $status);
        $this->assertSame('already there', $out['items'][0]['result']);
        $this->assertSame('table', $out['format']);

        [$status, $out] = $this->wp('wu-hosting enhance list --format=csv');
        $this->assertSame(0, $status);
        $this->assertStringStartsWith("domain,kind,ssl,ssl_expires\n", $out['output']);
        $this->assertStringContainsString('cli-b.test', $out['output']);

        [$status, $out] = $this->wp('wu-hosting enhance remove cli-a.test cli-b.test --format=yaml');
        $this->assertSame(0, $status);
        $this->assertSame(['removed', 'removed'], array_column($out['items'], 'result'));
        $this->assertArrayNotHasKey('cli-a.test', $this->panel->networkDomains());
    }

    public function testABadDomainIsARowWithItsErrorAndExitStatusOne(): void
    {
        [$status, $out] = $this->wp('wu-hosting enhance add good-one.test http://bad/path');
        $this->assertSame(1, $status);
        $this->assertSame(['added', 'failed'], array_column($out['items'], 'result'));
        $this->assertStringContainsString('http://bad/path', (string) $out['items'][1]['error']);
        $this->assertSame(['1 of 2 domains failed; see the error column.'], \WP_CLI::said('error'));
        $this->assertArrayHasKey('good-one.test', $this->panel->networkDomains(), 'the good one was not lost');
    }

    public function testManyDomainsShowAProgressBar(): void
    {
        $domains = array_map(fn ($i) => "bulk$i.test", range(1, 12));
        [$status] = $this->wp('wu-hosting enhance add ' . implode(' ', $domains) . ' --format=count');
        $this->assertSame(0, $status);
        $this->assertSame([['message' => 'Adding domains', 'count' => 12, 'ticks' => 12, 'finished' => true]], \WP_CLI::$progress);
    }

    public function testSyncBringsThePanelInLineWithTheNetwork(): void
    {
        wu_save_setting('auto_create_www_subdomain', 'never');
        $this->forgetSiteOption('wp-ultimo_settings');
        foreach (['sync-a.test', 'sync-b.test'] as $d) {
            $this->assertNotWPError(wu_create_domain(['blog_id' => 1, 'domain' => $d, 'stage' => 'checking-dns']));
        }
        // Nothing ran the hooks: the panel does not know them yet.
        $this->assertArrayNotHasKey('sync-a.test', $this->panel->networkDomains());
        [$status, $out] = $this->wp('wu-hosting enhance sync --dry-run --format=json');
        $this->assertSame(0, $status);
        $this->assertSame([], array_diff(['sync-a.test', 'sync-b.test'], array_column($out['items'], 'domain')));
        $this->assertStringStartsWith('Dry run: ', \WP_CLI::said('success')[0]);
        $this->assertArrayNotHasKey('sync-a.test', $this->panel->networkDomains());

        [$status] = $this->wp('wu-hosting enhance sync');
        $this->assertSame(0, $status, implode("\n", \WP_CLI::said('error')));
        $this->assertArrayHasKey('sync-a.test', $this->panel->networkDomains());
        $this->assertArrayHasKey('sync-b.test', $this->panel->networkDomains());
        $bar = end(\WP_CLI::$progress);
        $this->assertSame('Syncing domains', $bar['message']);
        $this->assertTrue($bar['finished']);
    }

    public function testTestDiscoverAndStatus(): void
    {
        [$status, $out] = $this->wp('wu-hosting enhance test --format=json');
        $this->assertSame(0, $status);
        $this->assertSame($this->panel->ready['enhance_website_id'], $out['items'][0]['website_id']);

        [$status, $out] = $this->wp('wu-hosting enhance discover --format=json');
        $this->assertSame(0, $status);
        $this->assertSame($this->panel->ready['enhance_website_id'], $out['items'][0]['website_id']);

        $this->wp('wu-hosting enhance add status-me.test');
        [$status, $out] = $this->wp('wu-hosting enhance status status-me.test --format=json');
        $this->assertSame(0, $status);
        $this->assertSame('status-me.test', $out['items'][0]['domain']);

        [$status] = $this->wp('wu-hosting enhance status');
        $this->assertSame(1, $status, 'a required argument is missing');
    }

    public function testAPanelErrorEndsTheCommandWithItsMessage(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 401, 'count' => -1]]);
        [$status] = $this->wp('wu-hosting enhance list');
        $this->assertSame(1, $status);
        $this->assertStringContainsString('(AuthException)', \WP_CLI::said('error')[0]);
        $this->assertStringNotContainsString(WU_ENHANCE_API_TOKEN, \WP_CLI::said('error')[0]);
    }

    public function testClosteCommands(): void
    {
        $this->giveClosteKey();
        [$status] = $this->wp('wu-hosting closte test');
        $this->assertSame(0, $status);
        [$status, $out] = $this->wp('wu-hosting closte add cl-a.test *.cl-b.test --format=json');
        $this->assertSame(0, $status, implode("\n", \WP_CLI::said('error')));
        [$status, $out] = $this->wp('wu-hosting closte list --format=json');
        $this->assertSame(0, $status);
        $this->assertContains('cl-a.test', array_column($out['items'], 'domain'));
        $this->assertContains('*.cl-b.test', array_column($out['items'], 'domain'));
        [$status] = $this->wp('wu-hosting closte remove cl-a.test *.cl-b.test');
        $this->assertSame(0, $status);
        [, $out] = $this->wp('wu-hosting closte list --format=json');
        $this->assertNotContains('cl-a.test', array_column($out['items'], 'domain'));
    }

    public function testCheckDnsAndSsl(): void
    {
        $fx = Fixtures::ready();
        add_filter('wu_hosting_dns_options', fn () => ['nameservers' => [$fx['dns']], 'timeout' => 3]);
        [$status, $out] = $this->wp('wu-hosting check dns aaaa.dns.test foreign.dns.test --expect=network.dns.test --format=json');
        $this->assertSame(1, $status, 'one of the two does not point at the network');
        $this->assertSame([true, false], array_column($out['items'], 'ok'));
        $this->assertSame(['2001:db8::10'], $out['items'][0]['aaaa']);

        add_filter('wu_hosting_ssl_options', fn () => ['nameservers' => [$fx['dns']], 'timeout' => 3]);
        [$status, $out] = $this->wp('wu-hosting check ssl nothing-here.dns.test --format=json');
        $this->assertSame(1, $status);
        $this->assertFalse($out['items'][0]['ok']);
        $this->assertSame('unresolved', $out['items'][0]['reason']);

        remove_all_filters('wu_hosting_ssl_options');
        add_filter('wu_hosting_ssl_options', fn () => ['connect_to' => $fx['tls']['valid'], 'ca_file' => $fx['ca_file'], 'timeout' => 3]);
        [$status, $out] = $this->wp('wu-hosting check ssl valid.tls.test');
        $this->assertSame(0, $status, implode("\n", \WP_CLI::said('error')));
        $this->assertSame('yes', $out['items'][0]['ok'], 'a table shows booleans as yes/no');
    }
}

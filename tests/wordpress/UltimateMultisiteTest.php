<?php
/**
 * Ultimate Multisite as networks run it: nothing of it before its setup wizard has
 * finished, the setup guide's constants without a false "not properly setup"
 * notice, per-site Action Scheduler queues run by WP-Cron, a string site_id, the
 * network work of the domain stage before the plugin's DNS filter, Closte's slow
 * certificates, and 2.5's own connection-test message.
 */

declare(strict_types=1);

namespace WuHosting\Tests\WordPress;

use WuHosting\Plugin\Retry_Queue;

final class UltimateMultisiteTest extends WordPressTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        um_standin_reset();
    }

    protected function tearDown(): void
    {
        um_standin_reset();
        parent::tearDown();
    }

    /** Runs child/um-state.php (or $scenario) with these network option values in place, restored after. */
    private function childWith(array $options, array $env, string $scenario = 'um-state', array $drop = []): array
    {
        $before = [];
        foreach ($options as $name => $value) {
            $before[$name] = get_site_option($name, null);
            null === $value ? delete_site_option($name) : update_site_option($name, $value);
        }
        try {
            return $this->child($scenario, $this->php($drop), $env);
        } finally {
            foreach ($before as $name => $value) {
                null === $value ? delete_site_option($name) : update_site_option($name, $value);
            }
        }
    }

    public function testNothingOfItLoadsBeforeItsSetupWizardHasFinished(): void
    {
        foreach (['2.4', '2.5'] as $generation) {
            $r = $this->childWith(['wu_setup_finished' => null], ['UM_STANDIN_VERSION' => $generation]);
            $this->assertFalse($r['loaded'], $generation);
            $this->assertSame(0, $r['providers_load'], "$generation: no wp_ultimo_host_providers_load");
            $this->assertSame(0, $r['register_integrations'], "$generation: no wu_register_integrations");
            $this->assertFalse($r['domain_hooks'], "$generation: no domain hooks");
            $this->assertFalse($r['site_hook'], "$generation: no domain manager");
            $this->assertFalse($r['ours_legacy'], "$generation: ours waits too");
            $this->assertSame((string) getenv('WU_HOSTING_MODE'), $r['mode']);
        }
    }

    public function testOnceItsSetupWizardHasFinishedEverythingIs(): void
    {
        $this->assertNotFalse(get_site_option('wu_setup_finished'));
        $this->assertTrue(WP_Ultimo()->is_loaded());
        $this->assertSame(1, did_action('wp_ultimo_host_providers_load'));
        $this->assertNotFalse(has_action('wu_add_domain'));
        $this->assertNotFalse(has_action('wu_transition_domain_domain'));
        $this->assertInstanceOf(\WuHosting\Plugin\Providers\Enhance_Host_Provider::class, \WP_Ultimo\Managers\Domain_Manager::get_instance()->get_integration_instance('enhance'));
    }

    public function testTheSetupGuidesConstantsRaiseUltimateMultisitesNoticeWithoutOurs(): void
    {
        // The false alarm as Ultimate Multisite 2.4 raises it when its own provider serves.
        $r = $this->childWith([], ['WU_TEST_NETWORK' => 'enhance-guide'], 'um-state', ['wu_hosting', 'ffi']);
        $this->assertSame('none', $r['mode']);
        $this->assertSame(['WU_ENHANCE_ORG_ID', 'WU_ENHANCE_WEBSITE_ID'], $r['own_enhance']['missing']);
        $this->assertContains('should-setup-enhance-integration', $r['notices']);
    }

    public function testTheSetupGuidesConstantsShowNoFalseNoticeWithOurs(): void
    {
        foreach (['2.4', '2.5'] as $generation) {
            $r = $this->childWith([], ['WU_TEST_NETWORK' => 'enhance-guide', 'UM_STANDIN_VERSION' => $generation]);
            $this->assertTrue($r['loaded'], $generation);
            $this->assertNotContains('should-setup-enhance-integration', $r['notices'], $generation);
            $this->assertStringStartsWith('WuHosting\\Plugin\\', $r['enhance']['class'], $generation);
            $this->assertTrue($r['enhance']['setup'], "$generation: ours answers for the constants");
            $this->assertSame([], $r['enhance']['missing'], $generation);
            if ($generation === '2.4') {
                $this->assertFalse($r['own_enhance']['setup'], 'its own provider is still made, and not set up');
            }
        }
        // The four constants of Ultimate Multisite's own provider: no notice either.
        $r = $this->childWith([], ['WU_TEST_NETWORK' => 'enhance']);
        $this->assertNotContains('should-setup-enhance-integration', $r['notices']);
        $this->assertTrue($r['own_enhance']['setup']);
    }

    public function testATrueSetupNoticeStaysAndAFalseOneAddedLateGoes(): void
    {
        $notices = WP_Ultimo()->notices;
        // Added after init (as a provider made late does): ours is set up, so it goes.
        $notices->add('not properly setup', 'warning', 'network-admin', 'should-setup-enhance-integration');
        $notices->add('something else', 'info', 'network-admin', 'should-enable-closte-integration');
        $keys = array_keys($notices->get_notices('network-admin'));
        $this->assertNotContains('should-setup-enhance-integration', $keys);
        $this->assertContains('should-enable-closte-integration', $keys);
        // Without its constants (ours not set up), Ultimate Multisite's notice is a true one and stays.
        $r = $this->childWith([], ['WU_TEST_NETWORK' => 'closte', 'UM_STANDIN_VERSION' => '2.4']);
        $this->assertFalse($r['enhance']['setup']);
        $this->assertContains('should-setup-enhance-integration', $r['notices']);
    }

    public function testAnEnhanceNetworkHasNoClosteKey(): void
    {
        $r = $this->childWith([], []);
        $this->assertFalse($r['closte_detected']);
        $this->assertNotContains('should-enable-closte-integration', $r['notices'], 'Ultimate Multisite does not take it for a Closte network');
        $r = $this->childWith([], ['WU_TEST_NETWORK' => 'closte']);
        $this->assertTrue($r['closte_detected']);
        $this->assertContains('should-enable-closte-integration', $r['notices'], 'with the key it believes it runs on Closte');
    }

    public function testClosteKeepsTwentyTriesForTheSslStageWhenOursServes(): void
    {
        // Not enabled on this Enhance network: Ultimate Multisite's default.
        $domain = new \WP_Ultimo\Models\Domain(['domain' => 'tries.test', 'stage' => 'checking-ssl-cert']);
        $this->assertSame(5, apply_filters('wu_async_process_domain_stage_max_tries', 5, $domain));
        foreach (['2.4', '2.5'] as $generation) {
            $r = $this->childWith(
                ['wu_host_integrations_enabled' => ['closte' => true]],
                ['WU_TEST_NETWORK' => 'closte', 'UM_STANDIN_VERSION' => $generation],
                'closte-network'
            );
            $this->assertStringStartsWith('WuHosting\\Plugin\\', $r['closte']['class'], $generation);
            $this->assertSame(20, $r['ssl_tries'], $generation);
            $this->assertSame(5, $r['dns_tries'], $generation);
            $this->assertSame([], $r['builtin_calls'], $generation);
            $this->assertSame([], $r['failed_jobs'], $generation);
            $this->assertArrayHasKey("closte-network-$generation.test", $this->panel->closteAliases(), $generation);
        }
    }

    public function testOn25TheConnectionTestShowsUltimateMultisitesOwnMessage(): void
    {
        $r = $this->childWith([], ['UM_STANDIN_VERSION' => '2.5'], 'ajax-test');
        $this->assertTrue($r['answer']['success']);
        $this->assertSame('Access Authorized', $r['answer']['data']['message']);
        $r = $this->childWith([], ['UM_STANDIN_VERSION' => '2.4'], 'ajax-test');
        $this->assertTrue($r['answer']['success']);
        $this->assertStringContainsString($this->panel->ready['enhance_website_id'], $r['answer']['data']['message'], 'on 2.4 ours is shown');
    }

    public function testEachSiteHasItsOwnQueueAndRetriesGoToTheMainSites(): void
    {
        $site = (int) wpmu_create_blog('queue.' . DOMAIN_CURRENT_SITE, '/', 'Queue', get_current_user_id());
        $this->assertGreaterThan(1, $site);
        $ran = [];
        add_action('um_test_probe', function ($where) use (&$ran): void {
            $ran[] = $where;
        });
        switch_to_blog($site);
        as_enqueue_async_action('um_test_probe', ['on-site'], 'probe');
        (new Retry_Queue())->schedule(['panel' => 'enhance', 'op' => 'add', 'domain' => 'queued.test'], 60);
        restore_current_blog();

        $this->assertCount(1, um_standin_actions('probe', 'pending', $site));
        $this->assertSame([], um_standin_actions('probe'), 'not in the main site\'s queue');
        $this->assertCount(1, um_standin_actions(Retry_Queue::GROUP), 'our retries go to the main site\'s queue');
        $this->assertSame([], um_standin_actions(Retry_Queue::GROUP, 'pending', $site));
        um_standin_run_actions('probe');
        $this->assertSame([], $ran, 'the main site\'s runner does not see another site\'s queue');
        remove_all_actions('um_test_probe');
    }

    public function testWpCronRunsTheQueueWithClaims(): void
    {
        global $wpdb;
        $this->assertNotFalse(wp_next_scheduled('action_scheduler_run_queue', ['WP Cron']));
        $this->assertSame('every_minute', wp_get_schedule('action_scheduler_run_queue', ['WP Cron']));
        $table = $wpdb->prefix . 'um_standin_actions';
        $seen = [];
        add_action('um_test_probe', function () use (&$seen, $wpdb, $table): void {
            $seen[] = $wpdb->get_row("SELECT status, claim_id FROM $table WHERE hook = 'um_test_probe'", ARRAY_A);
        });
        $id = as_enqueue_async_action('um_test_probe', [], 'probe');
        $ran = $this->runDueCron(61, ['action_scheduler_run_queue']);
        remove_all_actions('um_test_probe');
        $this->assertSame(['action_scheduler_run_queue'], array_column($ran, 'hook'));
        $this->assertCount(1, $seen);
        $this->assertSame('in-progress', $seen[0]['status']);
        $this->assertNotSame('0', $seen[0]['claim_id'], 'run under a claim');
        $after = $wpdb->get_row($wpdb->prepare("SELECT status, claim_id FROM $table WHERE id = %d", $id), ARRAY_A);
        $this->assertSame(['status' => 'complete', 'claim_id' => '0'], $after, 'claim released');
    }

    public function testANewSitesSubdomainJobCarriesItsSiteIdAsAString(): void
    {
        $host = 'stringy.' . DOMAIN_CURRENT_SITE;
        $site = (int) wpmu_create_blog($host, '/', 'Stringy', get_current_user_id());
        $jobs = array_values(array_filter(um_standin_actions('domain'), fn ($a) => $a['hook'] === 'wu_add_subdomain'));
        $this->assertCount(1, $jobs);
        $this->assertSame((string) $site, $jobs[0]['args']['site_id']);
        $got = [];
        $probe = function ($subdomain, $site_id) use (&$got): void {
            $got[] = $site_id;
        };
        add_action('wu_add_subdomain', $probe, 5, 2);
        um_standin_run_actions('domain');
        remove_action('wu_add_subdomain', $probe, 5);
        $this->assertSame([(string) $site], $got);
        $this->assertSame([], um_standin_actions('domain', 'failed'));
        $this->assertArrayHasKey($host, $this->panel->networkDomains(), 'ours takes the string');
    }

    public function testTheDomainStageDoesItsNetworkWorkBeforeOurDnsFilter(): void
    {
        $GLOBALS['um_standin_network_work'] = [];
        $before = null;
        $probe = function ($result) use (&$before) {
            $before ??= $GLOBALS['um_standin_network_work'];
            return $result;
        };
        add_filter('wu_domain_has_correct_dns', $probe, 1);
        $domain = wu_create_domain(['blog_id' => 1, 'domain' => 'stage-work.test', 'stage' => 'checking-dns']);
        $this->assertNotWPError($domain);
        um_standin_run_actions('domain');
        remove_filter('wu_domain_has_correct_dns', $probe, 1);
        $this->assertIsArray($before, 'the DNS filter ran');
        $steps = array_count_values(array_column($before, 'step'));
        $this->assertSame(2, $steps['loopback'] ?? 0, 'https:// and http:// of the domain');
        $this->assertSame(6, $steps['dns-over-https'] ?? 0, 'NS, CNAME and A at two resolvers');
        $this->assertSame(3, $steps['system-resolver'] ?? 0);
        $this->assertSame('https://stage-work.test/', $before[0]['target']);
    }
}

<?php
/**
 * Nothing is lost: a call that fails for a passing reason is retried through
 * Action Scheduler (group wu-hosting), or WP-Cron without it, until it succeeds;
 * a final failure, or a refusal that retrying cannot fix, waits in the network
 * admin notice until it succeeds or is dismissed.
 */

declare(strict_types=1);

namespace WuHosting\Tests\WordPress;

use WuHosting\Plugin\Failures;
use WuHosting\Plugin\Plugin;
use WuHosting\Plugin\Retry_Queue;

final class RetryTest extends WordPressTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        um_standin_reset();
        $this->forgetSiteOption('wp-ultimo_settings');
        wu_save_setting('auto_create_www_subdomain', 'never');
    }

    protected function tearDown(): void
    {
        remove_all_filters('wu_hosting_retry_backend');
        remove_all_filters('wu_hosting_retry_max_attempts');
        parent::tearDown();
    }

    private function map(string $domain): \WP_Ultimo\Models\Domain
    {
        $d = wu_create_domain(['blog_id' => 1, 'domain' => $domain, 'stage' => 'checking-dns']);
        $this->assertNotWPError($d);
        um_standin_run_actions('domain');
        return $d;
    }

    /** The panel refuses every domain write with $status until the faults are cleared. */
    private function outage(int $status = 503): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => $status, 'count' => -1, 'method' => 'POST', 'path' => '/domains']]);
    }

    public function testAnOutageIsRetriedThroughActionSchedulerAndThenSucceeds(): void
    {
        $this->outage();
        $this->map('outage.test');
        $this->assertArrayNotHasKey('outage.test', $this->panel->networkDomains());
        $retries = um_standin_actions(Retry_Queue::GROUP);
        $this->assertCount(1, $retries);
        $this->assertSame(Retry_Queue::HOOK, $retries[0]['hook']);
        $job = $retries[0]['args'][0];
        $this->assertSame(['enhance', 'add', 'outage.test', 2], [$job['panel'], $job['op'], $job['domain'], $job['attempt']]);
        $this->assertGreaterThan(time() + 30, (int) $retries[0]['timestamp'], 'the retry waits');
        $this->assertSame([], (new Failures())->all(), 'a passing failure is not shown yet');

        // Still down at the first retry: queued again, later.
        um_standin_run_actions(Retry_Queue::GROUP, time() + 90);
        $again = um_standin_actions(Retry_Queue::GROUP);
        $this->assertCount(1, $again);
        $this->assertSame(3, $again[0]['args'][0]['attempt']);
        $this->assertGreaterThan((int) $retries[0]['timestamp'], (int) $again[0]['timestamp'], 'backoff');

        $this->panel->admin('DELETE', 'faults');
        $this->assertSame(1, um_standin_run_actions(Retry_Queue::GROUP, time() + 600));
        $this->assertArrayHasKey('outage.test', $this->panel->networkDomains());
        $this->assertSame([], um_standin_actions(Retry_Queue::GROUP));
        $this->assertSame([], (new Failures())->all());
    }

    public function testWithoutActionSchedulerWpCronCarriesTheRetry(): void
    {
        add_filter('wu_hosting_retry_backend', fn () => 'wp-cron');
        $this->outage();
        $this->map('cron-retry.test');
        $this->assertSame([], um_standin_actions(Retry_Queue::GROUP));
        $events = array_filter(_get_cron_array(), fn ($hooks) => isset($hooks[Retry_Queue::HOOK]));
        $this->assertCount(1, $events, 'one WP-Cron event');
        $this->panel->admin('DELETE', 'faults');
        $ran = $this->runDueCron(HOUR_IN_SECONDS, [Retry_Queue::HOOK]);
        $this->assertNotEmpty($ran);
        $this->assertArrayHasKey('cron-retry.test', $this->panel->networkDomains());
    }

    public function testAFinalFailureStaysInTheNoticeUntilARetrySucceeds(): void
    {
        add_filter('wu_hosting_retry_max_attempts', fn () => 2);
        $this->outage();
        $this->map('final.test');
        um_standin_run_actions(Retry_Queue::GROUP, time() + HOUR_IN_SECONDS);
        $this->assertSame([], um_standin_actions(Retry_Queue::GROUP), 'no more tries after the last');

        $failures = Plugin::instance()->failures();
        $this->assertArrayHasKey('enhance:final.test', $failures->all());
        $html = $failures->render();
        $this->assertStringContainsString('final.test', $html);
        $this->assertStringContainsString('ApiException', $html);
        $this->assertStringContainsString('503', $html);
        $this->assertStringContainsString('2 attempts', $html);
        ob_start();
        do_action('network_admin_notices');
        $this->assertStringContainsString('final.test', (string) ob_get_clean(), 'the notice is hooked for network admins');
        $log = (string) file_get_contents(\WP_Ultimo\Logger::get_logs_folder() . '/integration-enhance.log');
        $this->assertStringContainsString('Adding final.test failed, gave up after 2 attempts', $log);

        // Still there on the next page load; gone once the call succeeds.
        $this->panel->admin('DELETE', 'faults');
        $this->assertSame(1, $failures->retry(Plugin::instance()->sync()));
        $this->assertSame([], $failures->all());
        $this->assertSame('', $failures->render());
        $this->assertArrayHasKey('final.test', $this->panel->networkDomains());
    }

    public function testARefusedTokenIsShownAtOnceAndNotRetried(): void
    {
        $this->outage(401);
        $this->map('refused.test');
        $this->assertSame([], um_standin_actions(Retry_Queue::GROUP), 'retrying cannot fix a refused token');
        $failure = Plugin::instance()->failures()->all()['enhance:refused.test'] ?? null;
        $this->assertNotNull($failure);
        $this->assertSame('AuthException', $failure['error']);
        $this->assertSame(1, $failure['attempts']);
        $this->assertStringNotContainsString(WU_ENHANCE_API_TOKEN, $failure['reason']);
    }

    public function testDismissingForgetsTheFailure(): void
    {
        $this->outage(401);
        $this->map('dismiss-me.test');
        $failures = Plugin::instance()->failures();
        $this->assertArrayHasKey('enhance:dismiss-me.test', $failures->all());
        $failures->dismiss('enhance:dismiss-me.test');
        $this->assertSame([], $failures->all());
    }

    public function testARetryIsDroppedWhenTheDomainWasUnmappedMeanwhile(): void
    {
        $this->outage();
        $d = $this->map('changed-mind.test');
        $this->assertCount(1, um_standin_actions(Retry_Queue::GROUP));
        $this->panel->admin('DELETE', 'faults');
        $d->delete();
        um_standin_run_actions('domain');
        um_standin_run_actions(Retry_Queue::GROUP, time() + HOUR_IN_SECONDS);
        $this->assertArrayNotHasKey('changed-mind.test', $this->panel->networkDomains(), 'the stale add was not replayed');
    }
}

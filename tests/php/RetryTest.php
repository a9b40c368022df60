<?php
/**
 * Reads are retried through passing trouble; a write whose outcome is unknown is
 * settled by reading the panel's state, never by sending it again blindly.
 */

declare(strict_types=1);

use WuHosting\Tests\PanelTestCase;

final class RetryTest extends PanelTestCase
{
    private function requests(int $since, string $method, string $suffix): array
    {
        return array_values(array_filter(
            $this->panel->requestsSince($since),
            fn ($r) => $r['method'] === $method && str_ends_with((string) parse_url($r['path'], PHP_URL_PATH), $suffix)
        ));
    }

    public function testReadsAreRetriedOnServerErrors(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 503, 'count' => 2, 'method' => 'GET']]);
        $count = $this->panel->requestCount();
        $list = wu_enhance_list_domains($this->panel->config());
        $this->assertNotEmpty($list);
        $gets = $this->requests($count, 'GET', '/domains');
        $this->assertSame([503, 503, 200], array_column($gets, 'status'));
    }

    public function testReadsAreRetriedOnDroppedConnections(): void
    {
        $this->panel->faults([['kind' => 'drop', 'count' => 1, 'method' => 'GET']]);
        $this->assertNotEmpty(wu_enhance_list_domains($this->panel->config()));
    }

    public function testRetryAfterIsHonoured(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 429, 'retry_after' => 1, 'count' => 1, 'method' => 'GET']]);
        $started = microtime(true);
        $this->assertNotEmpty(wu_enhance_list_domains($this->panel->config()));
        $this->assertGreaterThanOrEqual(0.9, microtime(true) - $started, 'waited for Retry-After');
    }

    public function testALongRetryAfterIsReportedNotWaitedFor(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 429, 'retry_after' => 3600, 'count' => -1]]);
        $e = $this->thrown(fn () => wu_enhance_list_domains($this->panel->config()), WuHosting\ApiException::class);
        $this->assertSame(429, $e->getCode());
        $this->assertStringContainsString('retry after 3600 s', $e->getMessage());
    }

    public function testACreateWhoseAnswerWasLostIsNotSentTwice(): void
    {
        $this->panel->faults([['kind' => 'drop_after', 'count' => 1, 'method' => 'POST', 'path' => '/websites/']]);
        $count = $this->panel->requestCount();
        $r = wu_enhance_add_domain('lost-answer.example.com', $this->panel->config());
        $this->assertTrue($r['created']);
        $this->assertSame($this->panel->networkDomains()['lost-answer.example.com'], $r['id']);
        $this->assertCount(1, $this->requests($count, 'POST', '/domains'), 'one create only');
    }

    public function testACreateThatTimedOutWhileThePanelMadeItIsNotSentTwice(): void
    {
        $this->panel->faults([['kind' => 'delay_after', 'ms' => 2000, 'count' => 1, 'method' => 'POST', 'path' => '/websites/']]);
        $count = $this->panel->requestCount();
        $r = wu_enhance_add_domain('slow-create.example.com', $this->panel->config(['timeout' => 0.5]));
        $this->assertTrue($r['created']);
        $this->assertArrayHasKey('slow-create.example.com', $this->panel->networkDomains());
        $this->assertCount(1, $this->requests($count, 'POST', '/domains'));
    }

    public function testACreateThatFailedIsSentAgainAfterReadingTheState(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 502, 'count' => 1, 'method' => 'POST', 'path' => '/websites/']]);
        $count = $this->panel->requestCount();
        $r = wu_enhance_add_domain('retried.example.com', $this->panel->config());
        $this->assertTrue($r['created']);
        $seen = array_map(fn ($q) => $q['method'] . ' ' . $q['status'], array_values(array_filter(
            $this->panel->requestsSince($count),
            fn ($q) => str_ends_with((string) parse_url($q['path'], PHP_URL_PATH), '/domains')
        )));
        // create (502), read the state (not there), create again.
        $this->assertSame(['POST 502', 'GET 200', 'POST 201'], $seen);
        $this->assertCount(1, array_keys($this->panel->networkDomains(), $r['id'], true));
    }

    public function testARemovalWhoseAnswerWasLostIsSettledByReading(): void
    {
        $added = wu_enhance_add_domain('lost-delete.example.com', $this->panel->config());
        $this->panel->faults([['kind' => 'drop_after', 'count' => 1, 'method' => 'DELETE']]);
        $count = $this->panel->requestCount();
        $r = wu_enhance_remove_domain('lost-delete.example.com', $this->panel->config());
        $this->assertTrue($r['removed']);
        $this->assertSame($added['id'], $r['id']);
        $this->assertCount(1, $this->requests($count, 'DELETE', $added['id']), 'one delete only');
        // Settled by the website's domain list, which any token that may delete may read.
        $this->assertCount(1, $this->requests($count, 'GET', '/domains'), 'then a read of the list');
        $this->assertCount(0, $this->requests($count, 'GET', $added['id']), 'never the master-org-only read');
    }

    public function testAFailedCreateThatStaysFailedIsReported(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 503, 'count' => -1, 'method' => 'POST', 'path' => '/websites/']]);
        $e = $this->thrown(fn () => wu_enhance_add_domain('never.example.com', $this->panel->config()), WuHosting\ApiException::class);
        $this->assertSame(503, $e->getCode());
        $this->assertArrayNotHasKey('never.example.com', $this->panel->networkDomains());
    }

    public function testSlowBodiesAreReadWhole(): void
    {
        $this->panel->faults([['kind' => 'slow_body', 'ms' => 800, 'count' => 1, 'method' => 'GET']]);
        $this->assertNotEmpty(wu_enhance_list_domains($this->panel->config()));
    }

    public function testConnectionsAreReusedBetweenCalls(): void
    {
        wu_enhance_list_domains($this->panel->config());
        $count = $this->panel->requestCount();
        for ($i = 0; $i < 5; $i++) {
            wu_enhance_list_domains($this->panel->config());
        }
        $requests = $this->panel->requestsSince($count);
        $this->assertCount(5, $requests);
        $this->assertCount(1, array_unique(array_column($requests, 'conn')), 'five calls over one connection');
    }
}

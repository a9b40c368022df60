<?php
/**
 * Bulk sync: one listing, then the difference applied with an adaptive number of
 * requests in flight; nothing lost, nothing sent twice blindly.
 */

declare(strict_types=1);

use WuHosting\Tests\PanelTestCase;

final class SyncTest extends PanelTestCase
{
    /** @return list<string> */
    private function names(int $n, string $prefix = 'd'): array
    {
        return array_map(fn ($i) => "$prefix$i.example.com", range(1, $n));
    }

    private function path(array $request): string
    {
        return (string) parse_url($request['path'], PHP_URL_PATH);
    }

    public function testAddsWhatIsMissingAfterOneListing(): void
    {
        wu_enhance_add_domain('d2.example.com', $this->panel->config());
        $count = $this->panel->requestCount();
        $r = wu_enhance_sync($this->names(50), ['rate' => 0], $this->panel->config());
        $this->assertSame(['added' => 49, 'removed' => 0, 'kept' => 1, 'failed' => 0, 'total' => 50], $r['totals']);
        $this->assertSame('kept', $r['entries'][1]['action']);
        $this->assertSame(array_column($r['entries'], 'domain'), $this->names(50), 'one entry per domain, in order');
        $held = $this->panel->networkDomains();
        foreach ($r['entries'] as $e) {
            $this->assertSame($held[$e['domain']], $e['id']);
        }
        $requests = $this->panel->requestsSince($count);
        $this->assertCount(1, array_filter($requests, fn ($q) => $q['method'] === 'GET'), 'one listing');
        $this->assertCount(49, array_filter($requests, fn ($q) => $q['method'] === 'POST'), 'one create per missing domain');
        $this->assertFalse($r['dry_run']);
    }

    public function testBadNamesAndRefusalsDoNotStopTheRest(): void
    {
        $r = wu_enhance_sync(['a.example.com', 'not a domain', 42, 'other.test', 'b.example.com', 'a.example.com'], ['rate' => 0], $this->panel->config());
        $this->assertSame(['added', 'failed', 'failed', 'failed', 'added', 'kept'], array_column($r['entries'], 'action'));
        $this->assertStringContainsString("Invalid domain 'not a domain'", $r['entries'][1]['error']);
        $this->assertStringContainsString('must be a string', $r['entries'][2]['error']);
        $this->assertStringContainsString('already in use', $r['entries'][3]['error'], 'the panel refused other.test');
        $this->assertSame($r['entries'][0]['id'], $r['entries'][5]['id'], 'a name given twice is one domain');
        $this->assertSame(['added' => 2, 'removed' => 0, 'kept' => 1, 'failed' => 3, 'total' => 6], $r['totals']);
        $this->assertArrayHasKey('b.example.com', $this->panel->networkDomains());
    }

    public function testPruneRemovesWhatTheNetworkNoLongerHasButNeverTheWebsitesOwnNamesOrKeptOnes(): void
    {
        foreach (['old1.example.com', 'old2.example.com', 'keepme.example.com', 'stay.example.com'] as $d) {
            wu_enhance_add_domain($d, $this->panel->config());
        }
        $r = wu_enhance_sync(['stay.example.com', 'new.example.com'], ['prune' => true, 'keep' => ['KeepMe.example.com'], 'rate' => 0], $this->panel->config());
        $byDomain = array_column($r['entries'], 'action', 'domain');
        $this->assertSame(['stay.example.com' => 'kept', 'new.example.com' => 'added', 'old1.example.com' => 'removed', 'old2.example.com' => 'removed'], $byDomain);
        $held = array_keys($this->panel->networkDomains());
        sort($held);
        $this->assertSame(['keepme.example.com', 'network-test.preview.panel.test', 'network.test', 'new.example.com', 'stay.example.com'], $held);
    }

    public function testDryRunOnlyPlans(): void
    {
        wu_enhance_add_domain('old.example.com', $this->panel->config());
        $before = $this->panel->networkDomains();
        $count = $this->panel->requestCount();
        $r = wu_enhance_sync(['new.example.com'], ['prune' => true, 'dry_run' => true], $this->panel->config());
        $this->assertTrue($r['dry_run']);
        $this->assertSame(['new.example.com' => 'would_add', 'old.example.com' => 'would_remove'], array_column($r['entries'], 'action', 'domain'));
        $this->assertSame(['GET'], array_column($this->panel->requestsSince($count), 'method'));
        $this->assertSame($before, $this->panel->networkDomains());
    }

    public function testLostAnswersAreSettledByListingNotByResending(): void
    {
        $this->panel->faults([['kind' => 'drop_after', 'count' => 3, 'method' => 'POST']]);
        $count = $this->panel->requestCount();
        $r = wu_enhance_sync($this->names(20), ['rate' => 0], $this->panel->config());
        $this->assertSame(20, $r['totals']['added'], json_encode($r['entries']));
        $posts = array_filter($this->panel->requestsSince($count), fn ($q) => $q['method'] === 'POST');
        $this->assertCount(20, $posts, 'no create sent twice');
        $held = $this->panel->networkDomains();
        foreach ($r['entries'] as $e) {
            $this->assertSame($held[$e['domain']], $e['id'], $e['domain']);
        }
    }

    public function testFailedWritesAreSentAgainAfterTheListingSaysSo(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 503, 'count' => 4, 'method' => 'POST']]);
        $count = $this->panel->requestCount();
        $r = wu_enhance_sync($this->names(20), ['rate' => 0], $this->panel->config());
        $this->assertSame(20, $r['totals']['added']);
        $posts = array_filter($this->panel->requestsSince($count), fn ($q) => $q['method'] === 'POST');
        $this->assertCount(24, $posts, 'the four refused creates were sent again, once each');
        $this->assertCount(20 + 2, $this->panel->networkDomains(), 'twenty aliases, the primary and the preview');
    }

    public function testBacksOffWhenThePanelDegradesAndRecoversWhenItHeals(): void
    {
        $panel = $this->panel;
        $degradedAt = null;
        $progress = function (int $done, int $total) use ($panel, &$degradedAt): void {
            if ($degradedAt === null && $done >= 150) {
                $degradedAt = $done;
                $panel->faults([['kind' => 'status', 'status' => 503, 'count' => 30, 'method' => 'POST']]);
            }
        };
        $r = wu_enhance_sync($this->names(500), ['rate' => 0, 'concurrency' => 16, 'progress' => $progress], $this->panel->config());
        $this->assertNotNull($degradedAt);
        $this->assertSame(500, $r['totals']['added'], 'nothing lost');
        $c = $r['concurrency'];
        $this->assertTrue($c['adaptive']);
        $this->assertSame(2, $c['start']);
        $this->assertGreaterThanOrEqual(1, $c['cuts']);
        $limits = array_column($c['history'], 1);
        // Grew while healthy...
        $firstCut = null;
        foreach ($limits as $i => $v) {
            if ($i > 0 && $v < $limits[$i - 1]) {
                $firstCut = $i;
                break;
            }
        }
        $this->assertNotNull($firstCut, 'the limit went down: ' . json_encode($limits));
        $before = $limits[$firstCut - 1];
        $this->assertGreaterThan(4, $before, 'it grew before the panel degraded');
        // ...fell while degraded...
        $trough = min(array_slice($limits, $firstCut));
        $this->assertLessThanOrEqual(intdiv($before, 2), $trough);
        // ...and grew again once healed.
        $this->assertGreaterThan($trough, $c['final']);
        $this->assertLessThanOrEqual(16, $c['peak']);
    }

    public function testFixedConcurrencyWhenNotAdaptive(): void
    {
        $r = wu_enhance_sync($this->names(10), ['adaptive' => false, 'concurrency' => 3, 'rate' => 0], $this->panel->config());
        $this->assertSame(['adaptive' => false, 'ceiling' => 3, 'start' => 3, 'peak' => 3, 'cuts' => 0, 'final' => 3], array_diff_key($r['concurrency'], ['history' => 1]));
    }

    public function testRateBoundsRequestsPerSecond(): void
    {
        $t = microtime(true);
        wu_enhance_sync($this->names(11), ['rate' => 20], $this->panel->config());
        // Eleven creates spaced 50 ms apart take at least half a second.
        $this->assertGreaterThanOrEqual(0.45, microtime(true) - $t);
    }

    public function testProgressIsReportedAndCanStopTheSync(): void
    {
        $calls = [];
        wu_enhance_sync($this->names(5), ['progress' => function ($done, $total) use (&$calls) { $calls[] = [$done, $total]; }, 'rate' => 0], $this->panel->config());
        $this->assertSame([0, 5], $calls[0]);
        $this->assertSame([5, 5], end($calls));
        $this->assertCount(6, $calls);

        $e = $this->thrown(fn () => wu_enhance_sync($this->names(200, 'stop'), ['concurrency' => 1, 'adaptive' => false, 'rate' => 0, 'progress' => function ($done) {
            if ($done >= 3) {
                throw new RuntimeException('stop here');
            }
        }], $this->panel->config()), RuntimeException::class);
        $this->assertSame('stop here', $e->getMessage());
        $added = array_filter(array_keys($this->panel->networkDomains()), fn ($d) => str_starts_with($d, 'stop'));
        $this->assertLessThan(10, count($added), 'the sync stopped soon after the callback threw');
        $this->assertGreaterThanOrEqual(3, count($added));
    }

    /** @return array<string, array{0: array<string, mixed>, 1: string}> */
    public function badOptions(): array
    {
        return [
            'unknown' => [['prunes' => true], "Unknown option 'prunes'"],
            'concurrency 0' => [['concurrency' => 0], "option 'concurrency' must be a whole number"],
            'negative rate' => [['rate' => -1], "option 'rate'"],
            'bad keep' => [['keep' => ['https://x.com']], "option 'keep': Invalid domain"],
            'prune not bool' => [['prune' => 'yes'], "option 'prune' must be true or false"],
            'progress not callable' => [['progress' => 'no_such_function_here'], "option 'progress' must be a callable"],
        ];
    }

    /** @dataProvider badOptions */
    public function testBadOptionsAreRejectedBeforeAnythingIsSent(array $options, string $expected): void
    {
        $count = $this->panel->requestCount();
        $e = $this->thrown(fn () => wu_enhance_sync(['a.example.com'], $options, $this->panel->config()), WuHosting\ConfigException::class);
        $this->assertStringContainsString($expected, $e->getMessage());
        $this->assertSame($count, $this->panel->requestCount());
    }

    public function testClosteSyncAddsAndPrunesAliases(): void
    {
        wu_closte_add_domain('old.example.com', $this->panel->closteConfig());
        $r = wu_closte_sync(['a.example.com', '*.b.example.com'], ['prune' => true, 'rate' => 0], $this->panel->closteConfig());
        $this->assertSame(['a.example.com' => 'added', '*.b.example.com' => 'added', 'old.example.com' => 'removed'], array_column($r['entries'], 'action', 'domain'));
        $aliases = $this->panel->closteAliases();
        ksort($aliases);
        $this->assertSame(['*.b.example.com' => true, 'a.example.com' => false], $aliases);
    }

    public function testRemovalUsesKnownIdsInsteadOfListing(): void
    {
        $config = $this->panel->config();
        wu_enhance_sync($this->names(30, 'known'), ['rate' => 0], $config);
        $count = $this->panel->requestCount();
        $r = wu_enhance_remove_domain('known7.example.com', $config);
        $this->assertTrue($r['removed']);
        $this->assertSame(['DELETE'], array_column($this->panel->requestsSince($count), 'method'), 'no listing for a known id');
    }

    public function testAStaleKnownIdFallsBackToTheListing(): void
    {
        $config = $this->panel->config();
        wu_enhance_add_domain('moved.example.com', $config);
        // Another process removes it and maps it again: the panel gives it a new id.
        $code = sprintf('$c = %s; wu_enhance_remove_domain("moved.example.com", $c); echo json_encode(wu_enhance_add_domain("moved.example.com", $c));', var_export($config, true));
        $fresh = $this->runPhp($code);
        $r = wu_enhance_remove_domain('moved.example.com', $config);
        $this->assertSame(['domain' => 'moved.example.com', 'id' => $fresh['id'], 'removed' => true], $r);
        $this->assertArrayNotHasKey('moved.example.com', $this->panel->networkDomains());
    }
}

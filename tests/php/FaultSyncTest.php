<?php
/**
 * One sync under random, seeded faults on about 10% of the panel's requests
 * (see support/FaultScenario.php) leaves the panel exactly as wanted, with a
 * report that says what the panel holds; a second sync then changes nothing.
 * For adds, for prune, on Enhance and on Closte. `make bench` runs the same at
 * 10,000 names.
 */

declare(strict_types=1);

use WuHosting\Tests\FaultScenario;
use WuHosting\Tests\PanelTestCase;

final class FaultSyncTest extends PanelTestCase
{
    private const NAMES = 240;

    /** @return list<string> */
    private function names(int $from, int $to): array
    {
        return array_map(fn ($i) => "f$i.example.com", range($from, $to));
    }

    private function assertExact(array $result, string $what): void
    {
        $this->assertSame([], $result['missing'], "$what: names missing from the panel");
        $this->assertSame([], $result['extra'], "$what: names left on the panel");
        $this->assertSame([], $result['false_failed'], "$what: reported failed, yet done on the panel");
        $this->assertSame([], $result['false_done'], "$what: reported done, yet not so on the panel");
        $this->assertSame(0, $result['report']['totals']['failed'], "$what: " . json_encode(array_values(array_filter(
            $result['report']['entries'],
            fn ($e) => $e['action'] === 'failed'
        ))));
    }

    /** @dataProvider panels */
    public function testOneSyncUnderFaultsLeavesThePanelExactlyAsWanted(string $panel, int $seed): void
    {
        $scenario = new FaultScenario($this->panel, $seed);
        $options = ['concurrency' => 8, 'rate' => 0];
        $all = $this->names(1, self::NAMES);

        $added = $scenario->sync($panel, $all, $options);
        $this->assertExact($added, 'adds');
        $this->assertSame(self::NAMES, $added['report']['totals']['added']);
        $this->assertGreaterThan(self::NAMES, $added['requests'], 'faults made some requests go again');

        $half = $this->names(1, self::NAMES / 2);
        $pruned = $scenario->sync($panel, $half, $options + ['prune' => true]);
        $this->assertExact($pruned, 'prune');
        $this->assertSame(self::NAMES / 2, $pruned['report']['totals']['removed']);

        // Without faults, a second sync finds everything in place and writes nothing.
        $count = $this->panel->requestCount();
        $fn = $panel === 'enhance' ? 'wu_enhance_sync' : 'wu_closte_sync';
        $config = $panel === 'enhance' ? $this->panel->config() : $this->panel->closteConfig();
        $again = $fn($half, $options + ['prune' => true], $config);
        $this->assertSame(self::NAMES / 2, $again['totals']['kept']);
        $this->assertSame(0, $again['totals']['added'] + $again['totals']['removed'] + $again['totals']['failed']);
        $this->assertSame(1, $this->panel->requestCount() - $count, 'one listing, no write');
    }

    /** @return array<string, array{0: string, 1: int}> */
    public function panels(): array
    {
        return ['enhance' => ['enhance', 11], 'closte' => ['closte', 12]];
    }
}

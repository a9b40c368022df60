<?php
/**
 * wu_hosting_set_logger(): one line per panel request, handed over on the PHP
 * thread, never a token or key.
 */

declare(strict_types=1);

use WuHosting\Tests\PanelTestCase;

final class LoggerTest extends PanelTestCase
{
    /** @var list<array{0: string, 1: array}> */
    private array $lines = [];

    protected function setUp(): void
    {
        parent::setUp();
        $this->lines = [];
        wu_hosting_set_logger(function (string $line, array $record): void {
            $this->lines[] = [$line, $record];
        });
    }

    protected function tearDown(): void
    {
        wu_hosting_set_logger(null);
        parent::tearDown();
    }

    public function testALinePerRequestWithMethodPathStatusAndTime(): void
    {
        wu_enhance_add_domain('logged.example.com', $this->panel->config());
        $this->assertCount(2, $this->lines);
        [$line, $record] = $this->lines[1];
        $this->assertMatchesRegularExpression('#^Enhance POST /api/orgs/[0-9a-f-]+/websites/[0-9a-f-]+/domains 201 [\d.]+ ms$#', $line);
        $this->assertSame(['panel', 'method', 'path', 'status', 'millis', 'attempt', 'error', 'level'], array_keys($record));
        $this->assertSame(['Enhance', 'POST', 201, 1, 'info'], [$record['panel'], $record['method'], $record['status'], $record['attempt'], $record['level']]);
        $this->assertStringStartsWith('Enhance POST /api/orgs/', $this->lines[0][0]);
    }

    public function testRetriesAndFailuresAreLoggedBeforeTheException(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 503, 'count' => -1, 'method' => 'GET']]);
        $this->thrown(fn () => wu_enhance_list_domains($this->panel->config()), WuHosting\ApiException::class);
        $this->assertSame([1, 2, 3], array_map(fn ($l) => $l[1]['attempt'], $this->lines));
        $this->assertSame(['error', 'error', 'error'], array_map(fn ($l) => $l[1]['level'], $this->lines));
        $this->assertStringEndsWith('(try 3)', $this->lines[2][0]);
    }

    public function testNoSecretInAnyLine(): void
    {
        wu_enhance_list_domains($this->panel->config());
        wu_closte_list_domains($this->panel->closteConfig());
        $this->assertCount(2, $this->lines);
        $this->assertSame('/closte/api/client/getdomains', $this->lines[1][1]['path'], 'no query string, so no key');
        foreach ($this->lines as [$line, $record]) {
            $text = $line . json_encode($record);
            $this->assertStringNotContainsString($this->panel->ready['enhance_token'], $text);
            $this->assertStringNotContainsString($this->panel->ready['closte_api_key'], $text);
        }
    }

    public function testBulkWorkIsLoggedFromWorkerThreadsOnThePhpThread(): void
    {
        $r = wu_enhance_sync(array_map(fn ($i) => "bulk$i.example.com", range(1, 40)), ['rate' => 0], $this->panel->config());
        $this->assertSame(40, $r['totals']['added']);
        $posts = array_filter($this->lines, fn ($l) => $l[1]['method'] === 'POST');
        $this->assertCount(40, $posts);
    }

    public function testNullRemovesTheLoggerAndBadLoggersAreRefused(): void
    {
        wu_hosting_set_logger(null);
        wu_enhance_list_domains($this->panel->config());
        $this->assertSame([], $this->lines);
        $this->thrown(fn () => wu_hosting_set_logger('no_such_function_anywhere'), WuHosting\ConfigException::class);
    }

    public function testALoggerThatThrowsReachesTheCaller(): void
    {
        wu_hosting_set_logger(function () {
            throw new RuntimeException('log sink is full');
        });
        $e = $this->thrown(fn () => wu_enhance_list_domains($this->panel->config()), RuntimeException::class);
        $this->assertSame('log sink is full', $e->getMessage());
    }
}

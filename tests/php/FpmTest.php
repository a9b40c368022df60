<?php
/**
 * The extension under a real php-fpm (the master loads it, then forks workers),
 * spoken to over FastCGI with cgi-fcgi: every request works, and each worker
 * keeps its connection to the panel between requests.
 */

declare(strict_types=1);

use WuHosting\Tests\FpmPool;
use WuHosting\Tests\PanelTestCase;

final class FpmTest extends PanelTestCase
{
    private const WORKERS = 3;
    private const ROUNDS = 8;

    private ?FpmPool $pool = null;

    protected function setUp(): void
    {
        parent::setUp();
        $this->assertFileExists('/usr/bin/cgi-fcgi', '/usr/bin/cgi-fcgi is needed (make test installs libfcgi-bin)');
        $this->pool = new FpmPool($this->extensionPath(), self::WORKERS, ['wu_hosting.ca_file' => $this->panel->ready['ca_file']]);
    }

    protected function tearDown(): void
    {
        $this->pool?->stop();
        parent::tearDown();
    }

    /** Starts one FastCGI request; returns the running process and its output pipe. */
    private function startRequest(): array
    {
        $p = $this->panel->ready;
        $env = [
            'SCRIPT_FILENAME' => __DIR__ . '/fpm/worker.php',
            'REQUEST_METHOD' => 'GET',
            'WU_TEST_API_URL' => $p['enhance_api_url'],
            'WU_TEST_API_TOKEN' => $p['enhance_token'],
            'WU_TEST_ORG_ID' => $p['enhance_org_id'],
            'WU_TEST_WEBSITE_ID' => $p['enhance_website_id'],
        ];
        $proc = proc_open(['/usr/bin/cgi-fcgi', '-bind', '-connect', $this->pool->socket], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
        return [$proc, $pipes];
    }

    public function testWorkersServeManyRequestsOverTheirOwnKeptConnections(): void
    {
        $count = $this->panel->requestCount();
        $answers = [];
        for ($round = 0; $round < self::ROUNDS; $round++) {
            $running = [];
            for ($i = 0; $i < self::WORKERS; $i++) {
                $running[] = $this->startRequest();
            }
            foreach ($running as [$proc, $pipes]) {
                $out = stream_get_contents($pipes[1]);
                $err = stream_get_contents($pipes[2]);
                proc_close($proc);
                $body = substr($out, strpos($out, "\r\n\r\n") + 4);
                $answer = json_decode($body, true);
                $this->assertIsArray($answer, "not JSON: $out $err");
                $answers[] = $answer;
            }
        }
        $this->assertCount(self::WORKERS * self::ROUNDS, $answers);
        foreach ($answers as $a) {
            $this->assertTrue($a['ok'], $a['error'] ?? '');
        }
        $pids = array_unique(array_column($answers, 'pid'));
        $this->assertGreaterThan(1, count($pids), 'several workers served');

        // Each request made two panel calls; the workers opened one connection each.
        $requests = $this->panel->requestsSince($count);
        $this->assertCount(2 * self::WORKERS * self::ROUNDS, $requests);
        $conns = array_unique(array_column($requests, 'conn'));
        $this->assertLessThanOrEqual(count($pids), count($conns), 'connections reused within each worker');
    }
}

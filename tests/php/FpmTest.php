<?php
/**
 * The extension under a real php-fpm (the master loads it, then forks workers),
 * spoken to over FastCGI with cgi-fcgi: every request works, and each worker
 * keeps its connection to the panel between requests.
 */

declare(strict_types=1);

use WuHosting\Tests\PanelTestCase;

final class FpmTest extends PanelTestCase
{
    private const WORKERS = 3;
    private const ROUNDS = 8;

    private string $dir;
    /** @var resource|null */
    private $fpm = null;

    protected function setUp(): void
    {
        parent::setUp();
        foreach (['/usr/sbin/php-fpm8.2', '/usr/bin/cgi-fcgi'] as $bin) {
            $this->assertFileExists($bin, "$bin is needed (make test installs php8.2-fpm and libfcgi-bin)");
        }
        $this->dir = sys_get_temp_dir() . '/wu-fpm-' . getmypid() . '-' . bin2hex(random_bytes(4));
        mkdir($this->dir);
        $conf = <<<INI
            [global]
            pid = {$this->dir}/fpm.pid
            error_log = {$this->dir}/fpm.log
            daemonize = no

            [wu]
            user = root
            group = root
            listen = {$this->dir}/fpm.sock
            pm = static
            pm.max_children = {self::WORKERS}
            catch_workers_output = yes
            clear_env = yes
            INI;
        $conf = str_replace('{self::WORKERS}', (string) self::WORKERS, $conf);
        file_put_contents("{$this->dir}/fpm.conf", $conf);
        $this->fpm = proc_open([
            '/usr/sbin/php-fpm8.2', '-R', '-F', '-n', '-y', "{$this->dir}/fpm.conf",
            '-d', 'extension=' . $this->extensionPath(),
            '-d', 'wu_hosting.ca_file=' . $this->panel->ready['ca_file'],
        ], [0 => ['file', '/dev/null', 'r'], 1 => ['file', "{$this->dir}/stdout", 'w'], 2 => ['file', "{$this->dir}/stderr", 'w']], $pipes);
        for ($i = 0; $i < 100 && !file_exists("{$this->dir}/fpm.sock"); $i++) {
            usleep(50_000);
        }
        $this->assertFileExists("{$this->dir}/fpm.sock", 'php-fpm did not start: ' . @file_get_contents("{$this->dir}/fpm.log") . @file_get_contents("{$this->dir}/stderr"));
    }

    protected function tearDown(): void
    {
        if ($this->fpm !== null) {
            proc_terminate($this->fpm);
            proc_close($this->fpm);
        }
        array_map('unlink', glob("{$this->dir}/*") ?: []);
        @rmdir($this->dir);
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
        $proc = proc_open(['/usr/bin/cgi-fcgi', '-bind', '-connect', "{$this->dir}/fpm.sock"], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
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

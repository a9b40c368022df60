<?php
/**
 * Starts target/release/wu-fixtures once per test run (loopback DNS server with
 * test records, a DNS server that never answers, TLS servers with certificates
 * made at its start) and stops it when PHPUnit exits. The fixture also exits by
 * itself when its stdin closes, so it never outlives the test process.
 */

declare(strict_types=1);

namespace WuHosting\Tests;

final class Fixtures
{
    /** @var array<string, mixed>|null the fixture's ready line */
    private static ?array $ready = null;

    /** @var resource|null */
    private static $process = null;

    /** @var array<int, resource> */
    private static array $pipes = [];

    /** @return array<string, mixed> the ready line: dns, silent_dns, tls (scenario => ip:port), ca_file */
    public static function ready(): array
    {
        if (self::$ready !== null) {
            return self::$ready;
        }
        $binary = getenv('WU_FIXTURES') ?: dirname(__DIR__, 3) . '/target/release/wu-fixtures';
        if (!is_executable($binary)) {
            throw new \RuntimeException("$binary is missing: build the workspace first (make build)");
        }
        $proc = proc_open(
            [$binary, '--lifeline', '--bench-domains', '16'],
            [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'a']],
            $pipes
        );
        if (!is_resource($proc)) {
            throw new \RuntimeException("cannot start $binary");
        }
        $line = fgets($pipes[1]);
        $ready = $line === false ? null : json_decode($line, true);
        if (!is_array($ready) || !isset($ready['dns'], $ready['tls'], $ready['ca_file'])) {
            proc_terminate($proc);
            throw new \RuntimeException("wu-fixtures printed no ready line: " . var_export($line, true));
        }
        self::$process = $proc;
        self::$pipes = $pipes;
        self::$ready = $ready;
        register_shutdown_function([self::class, 'stop']);
        return $ready;
    }

    public static function stop(): void
    {
        if (self::$process !== null) {
            foreach (self::$pipes as $pipe) {
                if (is_resource($pipe)) {
                    fclose($pipe);
                }
            }
            proc_terminate(self::$process);
            proc_close(self::$process);
            self::$process = null;
        }
    }
}

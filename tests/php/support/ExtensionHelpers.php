<?php
/**
 * Helpers every test base shares: catching the exception a call throws, and
 * running PHP code in a fresh process with the extension loaded.
 */

declare(strict_types=1);

namespace WuHosting\Tests;

trait ExtensionHelpers
{
    /** Runs $fn and returns the exception it threw, failing if it threw none. */
    protected function thrown(callable $fn, string $class): \Throwable
    {
        try {
            $fn();
        } catch (\Throwable $e) {
            $this->assertInstanceOf($class, $e, get_class($e) . ': ' . $e->getMessage());
            return $e;
        }
        $this->fail("Expected $class, nothing was thrown");
    }

    /** Runs a PHP snippet in a fresh process with the extension loaded; returns its decoded JSON output. */
    protected function runPhp(string $code, array $ini = []): array
    {
        $args = [PHP_BINARY, '-d', 'extension=' . $this->extensionPath()];
        foreach ($ini as $k => $v) {
            $args[] = '-d';
            $args[] = "$k=$v";
        }
        $args[] = '-r';
        $args[] = $code;
        $proc = proc_open($args, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        $status = proc_close($proc);
        $this->assertSame(0, $status, "child PHP failed: $err $out");
        $decoded = json_decode((string) $out, true);
        $this->assertIsArray($decoded, "child PHP printed no JSON: $out $err");
        return $decoded;
    }

    protected function extensionPath(): string
    {
        $path = getenv('WU_HOSTING_EXTENSION') ?: dirname(__DIR__, 3) . '/target/release/libwu_hosting.so';
        $this->assertFileExists($path);
        return $path;
    }
}

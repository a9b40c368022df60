<?php
/**
 * A process that used the extension and then forks: the child makes its own
 * client (the parent's is dead in the child) and both keep working.
 */

declare(strict_types=1);

use WuHosting\Tests\PanelTestCase;

final class ForkTest extends PanelTestCase
{
    public function testParentAndChildBothWorkAcrossAFork(): void
    {
        $config = var_export($this->panel->config(['timeout' => 5]), true);
        $code = <<<PHP
            \$config = $config;
            \$before = wu_enhance_test_connection(\$config)['ok'];
            \$file = tempnam(sys_get_temp_dir(), 'wu-fork');
            \$pid = pcntl_fork();
            if (\$pid === 0) {
                \$t = microtime(true);
                try {
                    \$ok = wu_enhance_test_connection(\$config)['ok'];
                    file_put_contents(\$file, json_encode(['ok' => \$ok, 'seconds' => microtime(true) - \$t, 'pid' => getmypid()]));
                } catch (Throwable \$e) {
                    file_put_contents(\$file, json_encode(['ok' => false, 'error' => \$e->getMessage()]));
                }
                posix_kill(getmypid(), SIGKILL);
            }
            pcntl_waitpid(\$pid, \$status);
            \$child = json_decode((string) file_get_contents(\$file), true);
            unlink(\$file);
            \$after = wu_enhance_test_connection(\$config)['ok'];
            echo json_encode(['before' => \$before, 'child' => \$child, 'after' => \$after, 'parent' => getmypid()]);
            PHP;
        $count = $this->panel->requestCount();
        $r = $this->runPhp($code);
        $this->assertTrue($r['before']);
        $this->assertTrue($r['child']['ok'] ?? false, json_encode($r['child']));
        $this->assertLessThan(3.0, $r['child']['seconds'], 'the child did not wait for a dead client');
        $this->assertTrue($r['after']);
        // The child used a connection of its own; the parent kept its one.
        $conns = array_column($this->panel->requestsSince($count), 'conn');
        $this->assertCount(6, $conns);
        [$parentBefore, $child, $parentAfter] = [array_slice($conns, 0, 2), array_slice($conns, 2, 2), array_slice($conns, 4, 2)];
        $this->assertCount(1, array_unique($parentBefore));
        $this->assertSame($parentBefore, $parentAfter);
        $this->assertNotContains($child[0], $parentBefore);
    }
}

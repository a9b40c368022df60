<?php
/**
 * wu_dns_check() and wu_dns_check_many() against the loopback DNS server of
 * wu-fixtures: A, AAAA, CNAME chains, NXDOMAIN, SERVFAIL, a name that is never
 * answered and a server that never answers.
 */

declare(strict_types=1);

require_once __DIR__ . '/support/ReadinessTestCase.php';

use WuHosting\Tests\ReadinessTestCase;

final class DnsCheckTest extends ReadinessTestCase
{
    private const SERVER = ['192.0.2.10', '2001:db8::10'];
    private const NETWORK = ['network.dns.test'];

    public function testTheAnswerHasTheDocumentedKeys(): void
    {
        $r = wu_dns_check('both.dns.test', self::SERVER, $this->dnsOptions());
        $this->assertSame(['domain', 'ok', 'a', 'aaaa', 'cname', 'matched', 'error', 'reason'], array_keys($r));
        $this->assertSame('both.dns.test', $r['domain']);
        $this->assertTrue($r['ok']);
        $this->assertSame(['192.0.2.10'], $r['a']);
        $this->assertSame(['2001:db8::10'], $r['aaaa']);
        $this->assertSame([], $r['cname']);
        $this->assertSame('a 192.0.2.10, aaaa 2001:db8::10', $r['matched']);
        $this->assertNull($r['error']);
        $this->assertNull($r['reason']);
    }

    public function testAnIpv6OnlyDomainMatchesTheServersIpv6Address(): void
    {
        $r = wu_dns_check('aaaa.dns.test', self::SERVER, $this->dnsOptions());
        $this->assertTrue($r['ok']);
        $this->assertSame([], $r['a']);
        $this->assertSame('aaaa 2001:db8::10', $r['matched']);
    }

    public function testAnAaaaRecordPointingElsewhereIsNotReady(): void
    {
        $r = wu_dns_check('mixed.dns.test', self::SERVER, $this->dnsOptions());
        $this->assertFalse($r['ok']);
        $this->assertSame('mixed', $r['reason']);
        $this->assertSame('a 192.0.2.10', $r['matched']);
        $this->assertSame(['2001:db8:ffff::7'], $r['aaaa']);
        $this->assertStringContainsString('AAAA 2001:db8:ffff::7', $r['error']);
    }

    public function testACnameChainToTheNetworksDomainIsFollowed(): void
    {
        $r = wu_dns_check('chain.dns.test', self::NETWORK, $this->dnsOptions());
        $this->assertTrue($r['ok'], (string) $r['error']);
        $this->assertSame(['hop1.dns.test', 'hop2.dns.test', 'network.dns.test'], $r['cname']);
        $this->assertSame('cname network.dns.test', $r['matched']);
        $this->assertSame(['192.0.2.10'], $r['a']);
        $this->assertSame(['2001:db8::10'], $r['aaaa']);
    }

    public function testAHostNameInExpectAlsoMatchesThroughItsAddresses(): void
    {
        $r = wu_dns_check('a.dns.test', self::NETWORK, $this->dnsOptions());
        $this->assertTrue($r['ok']);
        $this->assertSame('a 192.0.2.10 (network.dns.test)', $r['matched']);
    }

    public function testPointingAtAnotherHostIsAMismatch(): void
    {
        $r = wu_dns_check('foreign.dns.test', array_merge(self::SERVER, self::NETWORK), $this->dnsOptions());
        $this->assertFalse($r['ok']);
        $this->assertSame('mismatch', $r['reason']);
        $this->assertNull($r['matched']);
        $this->assertStringContainsString('198.51.100.7', $r['error']);

        $r = wu_dns_check('cname-foreign.dns.test', self::NETWORK, $this->dnsOptions());
        $this->assertSame('mismatch', $r['reason']);
        $this->assertSame(['foreign.dns.test'], $r['cname']);
    }

    public function testNegativeAnswersAreToldApart(): void
    {
        $r = wu_dns_check('nothing-here.dns.test', self::SERVER, $this->dnsOptions());
        $this->assertFalse($r['ok']);
        $this->assertSame('nxdomain', $r['reason']);
        $this->assertStringContainsString('does not exist', $r['error']);

        $r = wu_dns_check('dangling.dns.test', self::SERVER, $this->dnsOptions());
        $this->assertSame('nxdomain', $r['reason']);
        $this->assertSame(['gone.dns.test'], $r['cname']);
        $this->assertStringContainsString('gone.dns.test', $r['error']);

        $r = wu_dns_check('txt.dns.test', self::SERVER, $this->dnsOptions());
        $this->assertSame('no address', $r['reason']);

        $r = wu_dns_check('servfail.dns.test', self::SERVER, $this->dnsOptions());
        $this->assertSame('dns error', $r['reason']);
        $this->assertStringContainsString('SERVFAIL', strtoupper($r['error']));
    }

    public function testAServerThatNeverAnswersIsATimeoutWithinTheGivenTime(): void
    {
        $options = ['nameservers' => [self::fixtures()['dns_silent']], 'timeout' => 0.5];
        $t = microtime(true);
        $r = wu_dns_check('a.dns.test', self::SERVER, $options);
        $elapsed = microtime(true) - $t;
        $this->assertFalse($r['ok']);
        $this->assertSame('timeout', $r['reason']);
        // The resolver's own default would wait 5 s per try: the option was applied.
        $this->assertLessThan(4.0, $elapsed);
    }

    public function testAnEmptyExpectationOnlyAsksThatTheDomainResolves(): void
    {
        $r = wu_dns_check('foreign.dns.test', [], $this->dnsOptions());
        $this->assertTrue($r['ok']);
        $this->assertNull($r['matched']);
        $r = wu_dns_check('txt.dns.test', [], $this->dnsOptions());
        $this->assertFalse($r['ok']);
    }

    public function testInternationalNamesAreAskedInPunycode(): void
    {
        $r = wu_dns_check('Bücher.DNS.test', self::SERVER, $this->dnsOptions());
        $this->assertSame('xn--bcher-kva.dns.test', $r['domain']);
        $this->assertTrue($r['ok']);
    }

    public function testManyKeepsOrderAndKeysAndAnswersBadEntries(): void
    {
        $domains = [
            10 => 'b0.bench.test',
            'site-2' => 'not a domain',
            11 => 42,
            'b3.bench.test',
            'last' => 'B2.Bench.Test',
        ];
        $r = wu_dns_check_many($domains, self::SERVER, $this->dnsOptions());
        $this->assertSame([10, 'site-2', 11, 12, 'last'], array_keys($r));
        $this->assertTrue($r[10]['ok']);
        $this->assertSame('invalid domain', $r['site-2']['reason']);
        $this->assertSame('not a domain', $r['site-2']['domain']);
        $this->assertSame('invalid domain', $r[11]['reason']);
        $this->assertStringContainsString('int', $r[11]['error']);
        $this->assertSame('mismatch', $r[12]['reason']);
        $this->assertSame('b2.bench.test', $r['last']['domain']);
        $this->assertTrue($r['last']['ok'], (string) $r['last']['error']);
        foreach ($r as $answer) {
            $this->assertSame(['domain', 'ok', 'a', 'aaaa', 'cname', 'matched', 'error', 'reason'], array_keys($answer));
        }
    }

    public function testInABatchASilentDomainCostsOnlyItsTimeout(): void
    {
        $domains = ['silent.dns.test', 'a.dns.test', 'silent.dns.test', 'chain.dns.test'];
        $r = wu_dns_check_many($domains, array_merge(self::SERVER, self::NETWORK), $this->dnsOptions(['timeout' => 0.5]));
        $this->assertSame('timeout', $r[0]['reason']);
        $this->assertSame('timeout', $r[2]['reason']);
        $this->assertTrue($r[1]['ok']);
        $this->assertTrue($r[3]['ok']);
        $this->assertStringContainsString('0.5 s', $r[0]['error']);
    }

    public function testAnEmptyBatchIsAnEmptyAnswer(): void
    {
        $this->assertSame([], wu_dns_check_many([], self::SERVER, $this->dnsOptions()));
    }

    public function testABadNameIsAnInvalidDomainException(): void
    {
        $e = $this->thrown(fn () => wu_dns_check('https://shop.example.com/'), WuHosting\InvalidDomainException::class);
        $this->assertStringContainsString('scheme', $e->getMessage());
    }

    public function testBadOptionsAreConfigExceptionsNamingTheKey(): void
    {
        $cases = [
            [['timeot' => 1], "Unknown key 'timeot'"],
            [['timeout' => 0], "\$options['timeout']"],
            [['timeout' => 'soon'], "\$options['timeout']"],
            [['nameservers' => ['dns.example.com']], "\$options['nameservers']"],
            [['nameservers' => 53], "\$options['nameservers']"],
            [['max_concurrency' => 0], "\$options['max_concurrency']"],
            [['connect_to' => '127.0.0.1'], "Unknown key 'connect_to'"],
            [[0 => 'x'], 'string keys'],
        ];
        foreach ($cases as [$options, $needle]) {
            $e = $this->thrown(fn () => wu_dns_check('a.dns.test', [], $options), WuHosting\ConfigException::class);
            $this->assertStringContainsString($needle, $e->getMessage());
            $e = $this->thrown(fn () => wu_dns_check_many(['a.dns.test'], [], $options), WuHosting\ConfigException::class);
            $this->assertStringContainsString($needle, $e->getMessage());
        }
        $e = $this->thrown(fn () => wu_dns_check('a.dns.test', ['http://x.com/'], $this->dnsOptions()), WuHosting\ConfigException::class);
        $this->assertStringContainsString("\$expect entry 'http://x.com/'", $e->getMessage());
        $this->thrown(fn () => wu_dns_check('a.dns.test', [42], $this->dnsOptions()), TypeError::class);
    }

    public function testMaxConcurrencyComesFromTheIniSetting(): void
    {
        $this->assertSame('16', ini_get('wu_hosting.max_concurrency'));
        $ext = getenv('WU_HOSTING_EXTENSION') ?: dirname(__DIR__, 2) . '/target/release/libwu_hosting.so';
        $info = (string) shell_exec(escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg($ext) . ' -d wu_hosting.max_concurrency=5 --ri wu_hosting');
        $this->assertStringContainsString('wu_hosting.max_concurrency => 5', $info);
        $code = 'try { wu_dns_check_many(["a.dns.test"], [], ["nameservers" => ["127.0.0.1:1"], "timeout" => 0.2]); echo json_encode(["thrown" => null]); }'
            . ' catch (Throwable $e) { echo json_encode(["thrown" => get_class($e), "message" => $e->getMessage()]); }';
        $r = $this->runPhp($code, ['wu_hosting.max_concurrency' => '0']);
        $this->assertSame(WuHosting\ConfigException::class, $r['thrown']);
        $this->assertStringContainsString('ini wu_hosting.max_concurrency', $r['message']);
        $r = $this->runPhp($code, ['wu_hosting.max_concurrency' => '3']);
        $this->assertNull($r['thrown']);
    }

    public function testNoThreadIsStartedAndNoDescriptorIsLeftBehind(): void
    {
        $options = var_export($this->dnsOptions(), true);
        $code = <<<PHP
            \$threads = fn () => (int) preg_replace('/.*^Threads:\\s*(\\d+).*/ms', '\$1', file_get_contents('/proc/self/status'));
            \$fds = fn () => count(scandir('/proc/self/fd'));
            \$before = \$threads();
            \$r = wu_dns_check('a.dns.test', ['192.0.2.10'], $options);
            \$fdsAfterOne = \$fds();
            for (\$i = 0; \$i < 30; \$i++) { wu_dns_check_many(['a.dns.test', 'chain.dns.test', 'nothing.dns.test'], ['192.0.2.10'], $options); }
            echo json_encode(['ok' => \$r['ok'], 'threads_before' => \$before, 'threads_after' => \$threads(),
                'fds_after_one' => \$fdsAfterOne, 'fds_after_many' => \$fds()]);
            PHP;
        $r = $this->runPhp($code);
        $this->assertTrue($r['ok']);
        $this->assertSame(1, $r['threads_before']);
        $this->assertSame(1, $r['threads_after'], 'the checks run on the calling thread');
        $this->assertSame($r['fds_after_one'], $r['fds_after_many'], 'sockets of earlier checks are closed');
    }

    public function testAForkedChildChecksWithARuntimeOfItsOwn(): void
    {
        $options = var_export($this->dnsOptions(), true);
        $code = <<<PHP
            \$before = wu_dns_check('a.dns.test', ['192.0.2.10'], $options)['ok'];
            \$file = tempnam(sys_get_temp_dir(), 'wu-fork');
            \$pid = pcntl_fork();
            if (\$pid === 0) {
                try {
                    \$r = wu_dns_check_many(['a.dns.test', 'chain.dns.test'], ['192.0.2.10', '2001:db8::10'], $options);
                    file_put_contents(\$file, json_encode(['ok' => \$r[0]['ok'] && \$r[1]['ok']]));
                } catch (Throwable \$e) {
                    file_put_contents(\$file, json_encode(['ok' => false, 'error' => \$e->getMessage()]));
                }
                posix_kill(getmypid(), SIGKILL);
            }
            pcntl_waitpid(\$pid, \$status);
            \$child = json_decode((string) file_get_contents(\$file), true);
            unlink(\$file);
            \$after = wu_dns_check('chain.dns.test', ['network.dns.test'], $options)['ok'];
            echo json_encode(['before' => \$before, 'child' => \$child, 'after' => \$after]);
            PHP;
        $r = $this->runPhp($code);
        $this->assertTrue($r['before']);
        $this->assertTrue($r['child']['ok'] ?? false, json_encode($r['child']));
        $this->assertTrue($r['after']);
    }
}

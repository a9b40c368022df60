<?php
/**
 * wu_ssl_check() and wu_ssl_check_many() against the loopback TLS servers of
 * wu-fixtures, reached through connect_to with the domain as SNI: a valid
 * certificate (through an intermediate), expired, not yet valid, wrong host,
 * untrusted issuer, self-signed, Enhance's placeholder, a wildcard, and servers
 * that refuse, never speak, or do not speak TLS.
 */

declare(strict_types=1);

require_once __DIR__ . '/support/ReadinessTestCase.php';

use WuHosting\Tests\ReadinessTestCase;

final class SslCheckTest extends ReadinessTestCase
{
    private const KEYS = ['domain', 'ok', 'reason', 'issuer', 'subject', 'sans', 'not_before', 'not_after',
        'days_left', 'placeholder', 'address', 'error'];

    public function testAValidCertificateIsDescribed(): void
    {
        $r = wu_ssl_check('valid.tls.test', $this->tlsOptions('valid'));
        $this->assertSame(self::KEYS, array_keys($r));
        $this->assertTrue($r['ok'], (string) $r['error']);
        $this->assertNull($r['reason']);
        $this->assertNull($r['error']);
        $this->assertSame('valid.tls.test', $r['domain']);
        $this->assertSame('wu-fixtures Test R1', $r['issuer']);
        $this->assertSame('valid.tls.test', $r['subject']);
        $this->assertSame(['valid.tls.test'], $r['sans']);
        $this->assertMatchesRegularExpression('/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/', $r['not_before']);
        $this->assertMatchesRegularExpression('/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/', $r['not_after']);
        // Issued for 90 days from yesterday.
        $this->assertGreaterThanOrEqual(88, $r['days_left']);
        $this->assertLessThanOrEqual(90, $r['days_left']);
        $this->assertSame((int) floor((strtotime($r['not_after']) - time()) / 86400), $r['days_left']);
        $this->assertFalse($r['placeholder']);
        $this->assertSame(self::fixtures()['tls']['valid'], $r['address']);
    }

    /** @return array<string, array{string, string, string}> */
    public static function failures(): array
    {
        return [
            'expired' => ['expired', 'expired.tls.test', 'expired'],
            'not yet valid' => ['not_yet_valid', 'notyet.tls.test', 'not yet valid'],
            'host mismatch' => ['wrong_host', 'wronghost.tls.test', 'host mismatch'],
            'untrusted issuer' => ['untrusted', 'untrusted.tls.test', 'untrusted issuer'],
            'self-signed' => ['self_signed', 'selfsigned.tls.test', 'self-signed'],
            'Enhance placeholder' => ['placeholder', 'placeholder.tls.test', 'placeholder'],
            'self-signed by the domain itself' => ['self_named', 'selfnamed.tls.test', 'placeholder'],
            'not TLS' => ['not_tls', 'valid.tls.test', 'handshake failed'],
            'refused' => ['refused', 'valid.tls.test', 'refused'],
        ];
    }

    /** @dataProvider failures */
    public function testEachFailureHasItsReason(string $scenario, string $domain, string $reason): void
    {
        $r = wu_ssl_check($domain, $this->tlsOptions($scenario));
        $this->assertSame(self::KEYS, array_keys($r));
        $this->assertFalse($r['ok']);
        $this->assertSame($reason, $r['reason'], (string) $r['error']);
        $this->assertIsString($r['error']);
        $this->assertSame($reason === 'placeholder', $r['placeholder']);
    }

    public function testFailuresStillDescribeTheCertificate(): void
    {
        $r = wu_ssl_check('expired.tls.test', $this->tlsOptions('expired'));
        $this->assertLessThan(0, $r['days_left']);
        $this->assertStringContainsString(substr($r['not_after'], 0, 10), $r['error']);

        $r = wu_ssl_check('wronghost.tls.test', $this->tlsOptions('wrong_host'));
        $this->assertSame(['other-host.example.net'], $r['sans']);
        $this->assertStringContainsString('other-host.example.net', $r['error']);

        $r = wu_ssl_check('selfsigned.tls.test', $this->tlsOptions('self_signed'));
        $this->assertSame('wu-fixtures self-signed', $r['issuer']);
        $this->assertFalse($r['placeholder']);

        $r = wu_ssl_check('untrusted.tls.test', $this->tlsOptions('untrusted'));
        $this->assertSame('Unknown Test CA', $r['issuer']);
    }

    public function testTheEnhancePlaceholderIsToldApartFromAFailure(): void
    {
        $r = wu_ssl_check('placeholder.tls.test', $this->tlsOptions('placeholder'));
        $this->assertTrue($r['placeholder']);
        $this->assertSame('placeholder', $r['reason']);
        $this->assertSame('placeholder.tls.test', $r['issuer']);
        $this->assertSame('1975-01-01T00:00:00Z', $r['not_before']);
        $this->assertSame('4096-01-01T00:00:00Z', $r['not_after']);
        $this->assertStringContainsString('no real certificate', $r['error']);
    }

    public function testWithoutTheTestCaTheIssuerIsUntrusted(): void
    {
        $options = $this->tlsOptions('valid');
        unset($options['ca_file']);
        $r = wu_ssl_check('valid.tls.test', $options);
        $this->assertSame('untrusted issuer', $r['reason']);
        $this->assertSame('wu-fixtures Test R1', $r['issuer']);
    }

    public function testAWildcardCoversOneLabel(): void
    {
        $r = wu_ssl_check('shop.wild.tls.test', $this->tlsOptions('wildcard'));
        $this->assertTrue($r['ok'], (string) $r['error']);
        $this->assertSame(['*.wild.tls.test'], $r['sans']);
        $r = wu_ssl_check('a.shop.wild.tls.test', $this->tlsOptions('wildcard'));
        $this->assertSame('host mismatch', $r['reason']);
        $r = wu_ssl_check('wild.tls.test', $this->tlsOptions('wildcard'));
        $this->assertSame('host mismatch', $r['reason']);
    }

    public function testAServerThatNeverSpeaksIsATimeout(): void
    {
        $t = microtime(true);
        $r = wu_ssl_check('valid.tls.test', $this->tlsOptions('silent', ['timeout' => 0.5]));
        $elapsed = microtime(true) - $t;
        $this->assertSame('timeout', $r['reason']);
        $this->assertStringContainsString('handshake', $r['error']);
        $this->assertSame(self::fixtures()['tls']['silent'], $r['address']);
        // The default would be 10 s: the option was applied.
        $this->assertLessThan(5.0, $elapsed);
    }

    public function testConnectToTakesAnIpAndThePortOption(): void
    {
        [$ip, $port] = explode(':', self::fixtures()['tls']['valid']);
        $r = wu_ssl_check('valid.tls.test', $this->tlsOptions('valid', ['connect_to' => $ip, 'port' => (int) $port]));
        $this->assertTrue($r['ok'], (string) $r['error']);
        $r = wu_ssl_check('valid.tls.test', $this->tlsOptions('valid', ['connect_to' => $ip, 'port' => $port]));
        $this->assertTrue($r['ok'], (string) $r['error']);
    }

    public function testWithoutConnectToTheDomainIsResolved(): void
    {
        [, $port] = explode(':', self::fixtures()['tls']['valid']);
        $options = [
            'nameservers' => [self::fixtures()['dns']],
            'port' => (int) $port,
            'ca_file' => self::fixtures()['ca_file'],
            'timeout' => 3,
        ];
        $r = wu_ssl_check('valid.tls.test', $options);
        $this->assertTrue($r['ok'], (string) $r['error']);
        $this->assertSame('127.0.0.1:' . $port, $r['address']);

        $r = wu_ssl_check('nothing.dns.test', $options);
        $this->assertSame('unresolved', $r['reason']);
        $this->assertStringContainsString('NXDOMAIN', $r['error']);
    }

    public function testManyKeepsOrderAndKeysAndAnswersBadEntries(): void
    {
        $domains = ['x' => 'a.wild.tls.test', 3 => 'bad domain', 'b.wild.tls.test', 'n' => null, 'Shop.Wild.TLS.test'];
        $r = wu_ssl_check_many($domains, $this->tlsOptions('wildcard'));
        $this->assertSame(['x', 3, 4, 'n', 5], array_keys($r));
        $this->assertTrue($r['x']['ok']);
        $this->assertSame('invalid domain', $r[3]['reason']);
        $this->assertSame('bad domain', $r[3]['domain']);
        $this->assertTrue($r[4]['ok']);
        $this->assertSame('invalid domain', $r['n']['reason']);
        $this->assertStringContainsString('null', $r['n']['error']);
        $this->assertSame('shop.wild.tls.test', $r[5]['domain']);
        $this->assertTrue($r[5]['ok']);
        foreach ($r as $answer) {
            $this->assertSame(self::KEYS, array_keys($answer));
        }
    }

    public function testInABatchASilentServerCostsOnlyItsTimeout(): void
    {
        $domains = ['valid.tls.test', 'valid.tls.test', 'valid.tls.test'];
        $r = wu_ssl_check_many($domains, $this->tlsOptions('silent', ['timeout' => 0.5, 'max_concurrency' => 1]));
        foreach ($r as $answer) {
            $this->assertSame('timeout', $answer['reason']);
            $this->assertStringContainsString('0.5 s', $answer['error']);
        }
        $r = wu_ssl_check_many(array_fill(0, 20, 'valid.tls.test'), $this->tlsOptions('valid', ['max_concurrency' => 4]));
        $this->assertCount(20, $r);
        $this->assertSame([true], array_values(array_unique(array_column($r, 'ok'))));
    }

    public function testABadNameIsAnInvalidDomainException(): void
    {
        $this->thrown(fn () => wu_ssl_check('*.wild.tls.test', $this->tlsOptions('wildcard')), WuHosting\InvalidDomainException::class);
        $this->thrown(fn () => wu_ssl_check('shop.example.com:443'), WuHosting\InvalidDomainException::class);
    }

    public function testBadOptionsAreConfigExceptionsNamingTheKey(): void
    {
        $cases = [
            [['connect_to' => 'server.example.com'], "\$options['connect_to']"],
            [['connect_to' => '127.0.0.1:0'], "\$options['connect_to']"],
            [['port' => 0], "\$options['port']"],
            [['port' => 70000], "\$options['port']"],
            [['ca_file' => '/nonexistent/ca.pem'], '/nonexistent/ca.pem'],
            [['ca_file' => __FILE__], 'holds no PEM certificate'],
            [['timeout' => -1], "\$options['timeout']"],
            [['sni' => 'x'], "Unknown key 'sni'"],
            [['connect_to' => ['127.0.0.1']], "\$options['connect_to']"],
        ];
        foreach ($cases as [$options, $needle]) {
            $e = $this->thrown(fn () => wu_ssl_check('valid.tls.test', $options), WuHosting\ConfigException::class);
            $this->assertStringContainsString($needle, $e->getMessage());
            $e = $this->thrown(fn () => wu_ssl_check_many(['valid.tls.test'], $options), WuHosting\ConfigException::class);
            $this->assertStringContainsString($needle, $e->getMessage());
        }
    }
}

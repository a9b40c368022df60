<?php
/**
 * Base of the DNS and TLS check tests: the loopback fixtures (see Fixtures) and
 * options pointing the checks at them.
 */

declare(strict_types=1);

namespace WuHosting\Tests;

use PHPUnit\Framework\TestCase;

abstract class ReadinessTestCase extends TestCase
{
    use ExtensionHelpers;

    /** @return array<string, mixed> the fixture's ready line */
    protected static function fixtures(): array
    {
        return Fixtures::ready();
    }

    /** Options that send DNS questions to the fixture's server. */
    protected function dnsOptions(array $extra = []): array
    {
        return array_merge(['nameservers' => [self::fixtures()['dns']], 'timeout' => 3], $extra);
    }

    /** Options that check against one of the fixture's TLS servers. */
    protected function tlsOptions(string $scenario, array $extra = []): array
    {
        return array_merge([
            'connect_to' => self::fixtures()['tls'][$scenario],
            'ca_file' => self::fixtures()['ca_file'],
            'timeout' => 3,
        ], $extra);
    }
}

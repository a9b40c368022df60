<?php
/**
 * The native checks inside Ultimate Multisite's domain stages: the
 * wu_domain_has_correct_dns filter (AAAA records count) and the SSL stage (a
 * placeholder certificate is "not yet"), against the loopback DNS and TLS
 * fixtures.
 */

declare(strict_types=1);

namespace WuHosting\Tests\WordPress;

use WuHosting\Tests\Fixtures;

require_once dirname(__DIR__) . '/php/support/Fixtures.php';

final class ReadinessTest extends WordPressTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        um_standin_reset();
        $fx = Fixtures::ready();
        add_filter('wu_hosting_dns_options', fn () => ['nameservers' => [$fx['dns']], 'timeout' => 3]);
        // The fixture zone's network name stands for the network's domain.
        add_filter('wu_hosting_dns_expect', fn () => ['network.dns.test']);
    }

    protected function tearDown(): void
    {
        foreach (['wu_hosting_dns_options', 'wu_hosting_dns_expect', 'wu_hosting_ssl_options', 'um_standin_ssl_connect_to', 'um_standin_ssl_context_options'] as $filter) {
            remove_all_filters($filter);
        }
        parent::tearDown();
    }

    private function domain(string $name, string $stage): \WP_Ultimo\Models\Domain
    {
        $d = wu_create_domain(['blog_id' => 1, 'domain' => $name, 'stage' => $stage]);
        $this->assertNotWPError($d);
        return $d;
    }

    /** @return array<string, array{0: string, 1: bool}> */
    public static function dnsCases(): array
    {
        return [
            'IPv6 only (Ultimate Multisite reads no AAAA)' => ['aaaa.dns.test', true],
            'A record' => ['a.dns.test', true],
            'CNAME chain to the network' => ['chain.dns.test', true],
            'another host' => ['foreign.dns.test', false],
            'no such name' => ['nothing-here.dns.test', false],
        ];
    }

    /** @dataProvider dnsCases */
    public function testTheDnsFilterAnswersWithTheNativeCheck(string $name, bool $ready): void
    {
        $this->assertSame($ready, $this->domain($name, 'checking-dns')->has_correct_dns());
    }

    public function testTheFilterKeepsAYesOfUltimateMultisitesOwn(): void
    {
        $this->assertTrue(apply_filters('wu_domain_has_correct_dns', true, $this->domain('foreign.dns.test', 'checking-dns'), []));
    }

    public function testAnIpv6OnlyDomainMovesOnToTheSslStage(): void
    {
        $d = $this->domain('aaaa.dns.test', 'checking-dns');
        um_standin_run_actions('domain');
        $this->assertSame('checking-ssl-cert', wu_get_domain($d->get_id())->get_stage());
    }

    private function pointSslAt(string $scenario): void
    {
        $fx = Fixtures::ready();
        add_filter('wu_hosting_ssl_options', fn () => ['connect_to' => $fx['tls'][$scenario], 'ca_file' => $fx['ca_file'], 'timeout' => 3]);
        // Ultimate Multisite's own check goes to the same server.
        add_filter('um_standin_ssl_connect_to', fn () => $fx['tls'][$scenario]);
        add_filter('um_standin_ssl_context_options', fn ($o) => ['cafile' => $fx['ca_file']] + $o);
    }

    public function testAValidCertificateMakesTheDomainDoneAndSecure(): void
    {
        $this->pointSslAt('valid');
        $d = $this->domain('valid.tls.test', 'checking-ssl-cert');
        do_action('wu_async_process_domain_stage', $d->get_id(), 0);
        $d = wu_get_domain($d->get_id());
        $this->assertSame('done', $d->get_stage());
        $this->assertTrue($d->is_secure());
    }

    public function testEnhancesPlaceholderCertificateIsNotYet(): void
    {
        $this->pointSslAt('placeholder');
        $d = $this->domain('placeholder.tls.test', 'checking-ssl-cert');
        $this->assertFalse(\WuHosting\Plugin\Plugin::instance()->readiness()->ssl_ready('placeholder.tls.test'));
        do_action('wu_async_process_domain_stage', $d->get_id(), 0);
        $d = wu_get_domain($d->get_id());
        $this->assertSame('checking-ssl-cert', $d->get_stage(), 'still waiting for the real certificate');
        $this->assertFalse($d->is_secure());
        $this->assertNotEmpty(wu_get_scheduled_actions(['hook' => 'wu_async_process_domain_stage', 'status' => 'pending']), 'checked again later');
    }
}

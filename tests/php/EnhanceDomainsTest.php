<?php
/**
 * Adding, removing and listing domains on the network's Enhance website, against
 * fake-panel over HTTPS.
 */

declare(strict_types=1);

use WuHosting\Tests\PanelTestCase;

final class EnhanceDomainsTest extends PanelTestCase
{
    private const UUID = '/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/';

    public function testAddMakesAnAliasOfTheNetworkWebsite(): void
    {
        $r = wu_enhance_add_domain('Shop.Example.com', $this->panel->config());
        $this->assertSame('shop.example.com', $r['domain']);
        $this->assertTrue($r['created']);
        $this->assertMatchesRegularExpression(self::UUID, $r['id']);

        $domains = $this->panel->networkDomains();
        $this->assertArrayHasKey('shop.example.com', $domains);
        $this->assertSame($domains['shop.example.com'], $r['id']);
        $kinds = array_column($this->panel->networkWebsite()['domains'], 'kind', 'domain');
        $this->assertSame('alias', $kinds['shop.example.com']);
    }

    public function testAddingTwiceIsASuccessThatCreatesNothing(): void
    {
        $first = wu_enhance_add_domain('twice.example.com', $this->panel->config());
        $before = $this->panel->requestCount();
        $second = wu_enhance_add_domain('twice.example.com.', $this->panel->config());
        $this->assertFalse($second['created']);
        $this->assertSame($first['id'], $second['id']);
        $posts = array_filter($this->panel->requestsSince($before), fn ($r) => $r['method'] === 'POST' && str_ends_with((string) parse_url($r['path'], PHP_URL_PATH), '/domains'));
        $this->assertCount(0, $posts, 'the second add must not send a create');
        $this->assertCount(1, array_keys($this->panel->networkDomains(), $first['id'], true));
    }

    public function testInternationalisedNamesAreSentAsPunycode(): void
    {
        $r = wu_enhance_add_domain('bücher.example', $this->panel->config());
        $this->assertSame('xn--bcher-kva.example', $r['domain']);
        $this->assertArrayHasKey('xn--bcher-kva.example', $this->panel->networkDomains());
        $this->assertTrue(wu_enhance_remove_domain('BÜCHER.example', $this->panel->config())['removed']);
    }

    public function testRemoveDeletesByTheListsDomainId(): void
    {
        $added = wu_enhance_add_domain('gone.example.com', $this->panel->config());
        $before = $this->panel->requestCount();
        $r = wu_enhance_remove_domain('gone.example.com', $this->panel->config());
        $this->assertSame(['domain' => 'gone.example.com', 'id' => $added['id'], 'removed' => true], $r);
        $this->assertArrayNotHasKey('gone.example.com', $this->panel->networkDomains());
        $deletes = array_values(array_filter($this->panel->requestsSince($before), fn ($q) => $q['method'] === 'DELETE'));
        $this->assertCount(1, $deletes);
        $this->assertStringEndsWith('/domains/' . $added['id'], $deletes[0]['path']);
        $this->assertSame(204, $deletes[0]['status']);
    }

    public function testRemovingWhatIsNotThereIsASuccessThatRemovesNothing(): void
    {
        $r = wu_enhance_remove_domain('never-added.example.com', $this->panel->config());
        $this->assertSame(['domain' => 'never-added.example.com', 'id' => null, 'removed' => false], $r);
    }

    public function testThePrimaryDomainIsNeverRemoved(): void
    {
        $network = $this->panel->ready['enhance_network_domain'];
        $e = $this->thrown(fn () => wu_enhance_remove_domain($network, $this->panel->config()), WuHosting\InvalidDomainException::class);
        $this->assertStringContainsString('primary', $e->getMessage());
        $this->assertArrayHasKey($network, $this->panel->networkDomains());
    }

    public function testSubdomainFunctionsAreIdempotentAliases(): void
    {
        $host = 'site1.' . $this->panel->ready['enhance_network_domain'];
        $a = wu_enhance_add_subdomain($host, $this->panel->config());
        $this->assertTrue($a['created']);
        // In subdomain mode the same host also arrives as a domain mapping.
        $b = wu_enhance_add_domain($host, $this->panel->config());
        $this->assertFalse($b['created']);
        $this->assertSame($a['id'], $b['id']);
        $this->assertTrue(wu_enhance_remove_subdomain($host, $this->panel->config())['removed']);
        $this->assertFalse(wu_enhance_remove_domain($host, $this->panel->config())['removed']);
    }

    public function testListShowsDomainsWithTheirCertificates(): void
    {
        wu_enhance_add_domain('listed.example.com', $this->panel->config());
        $list = wu_enhance_list_domains($this->panel->config());
        $byName = array_column($list, null, 'domain');
        $this->assertArrayHasKey($this->panel->ready['enhance_network_domain'], $byName);
        $item = $byName['listed.example.com'];
        $this->assertSame(['domain', 'id', 'kind', 'document_root', 'ssl'], array_keys($item));
        $this->assertSame('alias', $item['kind']);
        $this->assertMatchesRegularExpression(self::UUID, $item['id']);
        $this->assertTrue($item['ssl']['placeholder'], 'a new domain has the placeholder certificate');
        $this->assertSame('listed.example.com', $item['ssl']['issuer']);

        $this->panel->setDns('listed.example.com', 'Resolved');
        $item = array_column(wu_enhance_list_domains($this->panel->config()), null, 'domain')['listed.example.com'];
        $this->assertFalse($item['ssl']['placeholder']);
        $this->assertNotSame('listed.example.com', $item['ssl']['issuer']);
        $this->assertContains('listed.example.com', $item['ssl']['sans']);
    }

    public function testTestConnectionReadsAndChangesNothing(): void
    {
        $before = $this->panel->networkDomains();
        $count = $this->panel->requestCount();
        $r = wu_enhance_test_connection($this->panel->config());
        $this->assertTrue($r['ok']);
        $this->assertSame($this->panel->ready['enhance_website_id'], $r['website_id']);
        $this->assertSame($this->panel->ready['enhance_network_domain'], $r['website_domain']);
        $this->assertSame(count($before), $r['domains']);
        foreach ($this->panel->requestsSince($count) as $req) {
            $this->assertSame('GET', $req['method'], 'test_connection must only read');
        }
        $this->assertSame($before, $this->panel->networkDomains());
    }

    public function testBadInputSendsNothing(): void
    {
        $count = $this->panel->requestCount();
        foreach (['https://x.example.com', 'x.example.com/path', 'x.example.com:8080', '*.example.com', 'a..b.com', 'user@x.com', ' ', 'tab\there.com'] as $bad) {
            $e = $this->thrown(fn () => wu_enhance_add_domain($bad, $this->panel->config()), WuHosting\InvalidDomainException::class);
            $this->assertStringContainsString('Invalid domain', $e->getMessage());
        }
        $this->thrown(fn () => wu_enhance_remove_domain('https://x.example.com', $this->panel->config()), WuHosting\InvalidDomainException::class);
        $this->assertSame($count, $this->panel->requestCount());
    }

    public function testADomainOfAnotherWebsiteIsRefusedWithAReason(): void
    {
        $count = count($this->panel->networkDomains());
        $e = $this->thrown(fn () => wu_enhance_add_domain('other.test', $this->panel->config()), WuHosting\ApiException::class);
        $this->assertStringContainsString('other.test', $e->getMessage());
        $this->assertStringContainsString('another website', $e->getMessage());
        $this->assertCount($count, $this->panel->networkDomains());
    }

    public function testTheAliasQuotaIsReportedWithThePanelsCode(): void
    {
        $small = WuHosting\Tests\FakePanel::spawn(['--alias-quota', '1']);
        try {
            $this->assertTrue(wu_enhance_add_domain('one.example.com', $small->config())['created']);
            $e = $this->thrown(fn () => wu_enhance_add_domain('two.example.com', $small->config()), WuHosting\ApiException::class);
            $this->assertSame(400, $e->getCode());
            $this->assertSame('invalid_argument', $e->errorCode);
            $this->assertNotEmpty($e->panelMessage);
            $this->assertStringContainsString($e->panelMessage, $e->getMessage());
            $this->assertArrayNotHasKey('two.example.com', $small->networkDomains());
        } finally {
            $small->stop();
        }
    }
}

<?php
/**
 * Closte: domain aliases of the Closte app, against fake-panel's Closte API.
 *
 * Idempotency is decided from the alias list (getdomains) before each write:
 * Closte documents neither its answer to a duplicate alias nor to removing a
 * missing one, so the list is the only source that says the same thing on every
 * Closte version. An error answer to a write is checked against the list again.
 */

declare(strict_types=1);

use WuHosting\Tests\PanelTestCase;

final class ClosteTest extends PanelTestCase
{
    public function testAddMakesAnAlias(): void
    {
        $r = wu_closte_add_domain('Shop.Example.com', $this->panel->closteConfig());
        $this->assertSame(['domain' => 'shop.example.com', 'wildcard' => false, 'created' => true], $r);
        $this->assertSame(['shop.example.com' => false], $this->panel->closteAliases());
    }

    public function testWritesAreFormEncodedPostsAndReadsAreGets(): void
    {
        $count = $this->panel->requestCount();
        wu_closte_add_domain('form.example.com', $this->panel->closteConfig());
        $seen = array_map(fn ($r) => $r['method'] . ' ' . parse_url($r['path'], PHP_URL_PATH), $this->panel->requestsSince($count));
        $this->assertSame(['GET /closte/api/client/getdomains', 'POST /closte/api/client/adddomainalias'], $seen);
    }

    public function testWildcardDomainsAreSupported(): void
    {
        $r = wu_closte_add_domain('*.Customers.example.com', $this->panel->closteConfig());
        $this->assertSame(['domain' => '*.customers.example.com', 'wildcard' => true, 'created' => true], $r);
        $this->assertSame(['*.customers.example.com' => true], $this->panel->closteAliases());
        $list = wu_closte_list_domains($this->panel->closteConfig());
        $this->assertSame([['domain' => '*.customers.example.com', 'wildcard' => true]], $list);
        $this->assertTrue(wu_closte_remove_domain('*.customers.example.com', $this->panel->closteConfig())['removed']);
        $this->assertSame([], $this->panel->closteAliases());
    }

    public function testEnhanceStillRejectsWildcards(): void
    {
        $this->thrown(fn () => wu_enhance_add_domain('*.example.com', $this->panel->config()), WuHosting\InvalidDomainException::class);
    }

    public function testAddingTwiceCreatesNothing(): void
    {
        wu_closte_add_domain('twice.example.com', $this->panel->closteConfig());
        $count = $this->panel->requestCount();
        $r = wu_closte_add_domain('twice.example.com', $this->panel->closteConfig());
        $this->assertFalse($r['created']);
        $methods = array_column($this->panel->requestsSince($count), 'method');
        $this->assertNotContains('POST', $methods, 'no second add is sent');
        $this->assertCount(1, $this->panel->closteAliases());
    }

    public function testRemoveAndRemoveAgain(): void
    {
        wu_closte_add_domain('gone.example.com', $this->panel->closteConfig());
        $this->assertSame(['domain' => 'gone.example.com', 'removed' => true], wu_closte_remove_domain('gone.example.com', $this->panel->closteConfig()));
        $this->assertSame([], $this->panel->closteAliases());
        $count = $this->panel->requestCount();
        $this->assertSame(['domain' => 'gone.example.com', 'removed' => false], wu_closte_remove_domain('gone.example.com', $this->panel->closteConfig()));
        $this->assertNotContains('POST', array_column($this->panel->requestsSince($count), 'method'));
    }

    public function testListAndTestConnectionOnlyRead(): void
    {
        wu_closte_add_domain('a.example.com', $this->panel->closteConfig());
        wu_closte_add_domain('b.example.com', $this->panel->closteConfig());
        $count = $this->panel->requestCount();
        $this->assertSame(['ok' => true, 'domains' => 2], wu_closte_test_connection($this->panel->closteConfig()));
        $this->assertSame(
            [['domain' => 'a.example.com', 'wildcard' => false], ['domain' => 'b.example.com', 'wildcard' => false]],
            wu_closte_list_domains($this->panel->closteConfig())
        );
        $this->assertSame(['GET', 'GET'], array_column($this->panel->requestsSince($count), 'method'));
    }

    public function testDetectFollowsTheConstant(): void
    {
        $this->assertFalse(wu_closte_detect(), 'this process defines no CLOSTE_CLIENT_API_KEY');
        $this->assertSame([true], $this->runPhp('define("CLOSTE_CLIENT_API_KEY", "abc"); echo json_encode([wu_closte_detect()]);'));
        $this->assertSame([false], $this->runPhp('define("CLOSTE_CLIENT_API_KEY", ""); echo json_encode([wu_closte_detect()]);'));
    }

    public function testZeroConfigurationOnCloste(): void
    {
        $p = $this->panel->ready;
        // On Closte the key is already in wp-config.php; only this test's panel address differs from Closte's.
        $code = sprintf(
            'define("CLOSTE_CLIENT_API_KEY", %s); define("WU_CLOSTE_API_URL", %s);'
            . 'echo json_encode([wu_closte_detect(), wu_closte_add_domain("zero.example.com")]);',
            var_export($p['closte_api_key'], true),
            var_export($p['closte_api_url'], true),
        );
        [$detected, $added] = $this->runPhp($code, ['wu_hosting.ca_file' => $p['ca_file']]);
        $this->assertTrue($detected);
        $this->assertTrue($added['created']);
        $this->assertArrayHasKey('zero.example.com', $this->panel->closteAliases());
    }

    public function testMissingKeySaysWhereItIsNormallyDefined(): void
    {
        $count = $this->panel->requestCount();
        $e = $this->thrown(fn () => wu_closte_add_domain('x.example.com', ['api_url' => $this->panel->ready['closte_api_url']]), WuHosting\ConfigException::class);
        $this->assertStringContainsString('CLOSTE_CLIENT_API_KEY', $e->getMessage());
        $this->assertStringContainsString('wp-config.php', $e->getMessage());
        $this->assertSame($count, $this->panel->requestCount());
    }

    public function testWrongKeyIsAnAuthExceptionWithoutTheKey(): void
    {
        $e = $this->thrown(fn () => wu_closte_list_domains($this->panel->closteConfig(['api_key' => 'wrong-key-98765'])), WuHosting\AuthException::class);
        $this->assertStringContainsString('Invalid API key', $e->getMessage());
        $this->assertStringNotContainsString('wrong-key-98765', $e->getMessage());
    }

    public function testClosteErrorsBecomeApiExceptionsWithClostesMessage(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 200, 'method' => 'POST', 'body' => ['success' => false, 'error' => 'Invalid or empty domain: x.example.com']]]);
        $e = $this->thrown(fn () => wu_closte_add_domain('x.example.com', $this->panel->closteConfig()), WuHosting\ApiException::class);
        $this->assertStringContainsString('Invalid or empty domain: x.example.com', $e->getMessage());
        $this->assertSame('Invalid or empty domain: x.example.com', $e->panelMessage);
        $this->assertSame(0, $e->getCode(), 'the error came in an HTTP 200 answer');
    }

    public function testTheKeyNeverAppearsInMessages(): void
    {
        $key = $this->panel->ready['closte_api_key'];
        $this->panel->faults([['kind' => 'status', 'status' => 200, 'body' => ['success' => false, 'error' => "bad request with apikey=$key"]]]);
        $e = $this->thrown(fn () => wu_closte_list_domains($this->panel->closteConfig()), WuHosting\Exception::class);
        $this->assertStringNotContainsString($key, $e->getMessage());
        $this->assertStringNotContainsString($key, (string) ($e->panelMessage ?? ''));
        // A timeout on a GET (key in the query string) does not show the URL's query either.
        $this->panel->faults([['kind' => 'delay', 'ms' => 2000, 'count' => -1]]);
        $e = $this->thrown(fn () => wu_closte_list_domains($this->panel->closteConfig(['timeout' => 0.3])), WuHosting\NetworkException::class);
        $this->assertStringStartsWith('Failed to connect to Closte API', $e->getMessage());
        $this->assertStringNotContainsString($key, $e->getMessage());
    }

    public function testOnlyHttpsCarriesTheKey(): void
    {
        $count = $this->panel->requestCount();
        $e = $this->thrown(fn () => wu_closte_list_domains($this->panel->closteConfig(['api_url' => 'http://127.0.0.1/api/client'])), WuHosting\ConfigException::class);
        $this->assertStringContainsString('https://', $e->getMessage());
        $this->assertSame($count, $this->panel->requestCount());
    }

    public function testAnAddWhoseAnswerWasLostIsNotSentTwice(): void
    {
        $this->panel->faults([['kind' => 'drop_after', 'method' => 'POST', 'path' => 'adddomainalias']]);
        $count = $this->panel->requestCount();
        $r = wu_closte_add_domain('lost.example.com', $this->panel->closteConfig());
        $this->assertTrue($r['created']);
        $posts = array_filter($this->panel->requestsSince($count), fn ($q) => $q['method'] === 'POST');
        $this->assertCount(1, $posts);
        $this->assertSame(['lost.example.com' => false], $this->panel->closteAliases());
    }

    public function testReadsAreRetriedOnServerErrors(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 503, 'count' => 2, 'method' => 'GET']]);
        $this->assertSame(['ok' => true, 'domains' => 0], wu_closte_test_connection($this->panel->closteConfig()));
    }

    public function testUnreachableClosteIsANetworkException(): void
    {
        $e = $this->thrown(fn () => wu_closte_list_domains($this->panel->closteConfig(['api_url' => 'https://127.0.0.1:1/api/client'])), WuHosting\NetworkException::class);
        $this->assertStringStartsWith('Failed to connect to Closte API', $e->getMessage());
    }

    public function testBadNamesSendNothing(): void
    {
        $count = $this->panel->requestCount();
        foreach (['https://x.com', 'a.*.example.com', '*.com', 'x.example.com/p'] as $bad) {
            $this->thrown(fn () => wu_closte_add_domain($bad, $this->panel->closteConfig()), WuHosting\InvalidDomainException::class);
        }
        $this->assertSame($count, $this->panel->requestCount());
    }
}

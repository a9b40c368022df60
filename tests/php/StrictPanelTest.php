<?php
/**
 * The client against fake-panel in its strict modes, where a real panel answers
 * otherwise than the client might guess: a token that belongs to one
 * organisation, the search parameters of the spec, deleted websites, mappings
 * that are not aliases, calls reserved for the master organisation, refused
 * memberships, and Closte alias lists in shapes the client does or does not
 * know. Each test asserts what was sent, in which order and how often.
 */

declare(strict_types=1);

use WuHosting\ApiException;
use WuHosting\ConfigException;
use WuHosting\InvalidDomainException;
use WuHosting\Tests\PanelTestCase;

final class StrictPanelTest extends PanelTestCase
{
    /** @return list<string> "METHOD /path" of the requests after $since (no query) */
    private function sent(int $since): array
    {
        return array_map(
            fn ($r) => $r['method'] . ' ' . parse_url($r['path'], PHP_URL_PATH),
            $this->panel->requestsSince($since)
        );
    }

    private function site(): string
    {
        return '/api/orgs/' . $this->panel->ready['enhance_org_id'] . '/websites/' . $this->panel->ready['enhance_website_id'];
    }

    // ------------------------------------------------------------------ Closte

    public function testAClosteRemovalReachesClosteWhenItsListHasAnUnknownShape(): void
    {
        $this->panel->switches(['closte_item_shape' => 'unknown']);
        $count = $this->panel->requestCount();
        $added = wu_closte_add_domain('kept-on.example.com', $this->panel->closteConfig());
        $this->assertTrue($added['created']);
        $this->assertSame(['GET /closte/api/client/getdomains', 'POST /closte/api/client/adddomainalias'], $this->sent($count));

        $count = $this->panel->requestCount();
        $removed = wu_closte_remove_domain('kept-on.example.com', $this->panel->closteConfig());
        $this->assertTrue($removed['removed']);
        $this->assertSame(['GET /closte/api/client/getdomains', 'POST /closte/api/client/deletedomainalias'], $this->sent($count));
        $this->assertSame([], $this->panel->closteAliases(), 'the alias is gone from Closte');
    }

    public function testAnUnreadableClosteListIsALoudErrorThatNamesItsShapeAndSyncWritesNothing(): void
    {
        wu_closte_add_domain('listed.example.com', $this->panel->closteConfig());
        $this->panel->switches(['closte_item_shape' => 'unknown']);
        $e = $this->thrown(fn () => wu_closte_list_domains($this->panel->closteConfig()), ApiException::class);
        $this->assertStringContainsString('{id: number, fqdn: string}', $e->getMessage());
        $this->assertStringNotContainsString('listed.example.com', $e->getMessage(), 'keys are shown, never values');
        $this->thrown(fn () => wu_closte_test_connection($this->panel->closteConfig()), ApiException::class);

        $count = $this->panel->requestCount();
        $e = $this->thrown(fn () => wu_closte_sync(['listed.example.com', 'new.example.com'], null, $this->panel->closteConfig()), ApiException::class);
        $this->assertStringContainsString('unknown shape', $e->getMessage());
        $this->assertSame(['GET /closte/api/client/getdomains'], $this->sent($count), 'no write on a guess');
        $this->assertSame(['listed.example.com' => false], $this->panel->closteAliases());
    }

    public function testClosteItemsKeyedHostnameAreReadSoASyncAddsEachNameOnce(): void
    {
        $this->panel->switches(['closte_item_shape' => 'hostname']);
        wu_closte_add_domain('first.example.com', $this->panel->closteConfig());
        $count = $this->panel->requestCount();
        $again = wu_closte_add_domain('first.example.com', $this->panel->closteConfig());
        $this->assertFalse($again['created']);
        $this->assertSame(['GET /closte/api/client/getdomains'], $this->sent($count));

        $names = ['first.example.com', 'second.example.com'];
        $report = wu_closte_sync($names, null, $this->panel->closteConfig());
        $this->assertSame(['kept', 'added'], array_column($report['entries'], 'action'));
        $count = $this->panel->requestCount();
        $report = wu_closte_sync($names, null, $this->panel->closteConfig());
        $this->assertSame(['kept', 'kept'], array_column($report['entries'], 'action'));
        $this->assertSame(['GET /closte/api/client/getdomains'], $this->sent($count), 'a second sync only lists');
    }

    public function testAClosteRemovalSkipsTheRequestOnlyWhenAnUnderstoodListLacksTheAlias(): void
    {
        foreach (['domain', 'hostname', 'string'] as $shape) {
            $this->panel->switches(['closte_item_shape' => $shape]);
            $count = $this->panel->requestCount();
            $r = wu_closte_remove_domain('never-added.example.com', $this->panel->closteConfig());
            $this->assertFalse($r['removed'], $shape);
            $this->assertSame(['GET /closte/api/client/getdomains'], $this->sent($count), $shape);
        }
    }

    // ----------------------------------------------------------------- Enhance

    public function testPruneAndRemovalByNameTouchOnlyAliases(): void
    {
        $addon = $this->panel->mapAs('addon-site.example.com', 'addon');
        $sub = $this->panel->mapAs('blog.network.test', 'subdomain');
        wu_enhance_add_domain('stale.example.com', $this->panel->config());

        $count = $this->panel->requestCount();
        $report = wu_enhance_sync(['wanted.example.com'], ['prune' => true], $this->panel->config());
        $actions = array_column($report['entries'], 'action', 'domain');
        $this->assertSame(['wanted.example.com' => 'added', 'stale.example.com' => 'removed'], $actions);
        $deletes = array_values(array_filter($this->sent($count), fn ($r) => str_starts_with($r, 'DELETE')));
        $this->assertCount(1, $deletes);
        $domains = $this->panel->networkDomains();
        $this->assertSame($addon, $domains['addon-site.example.com'] ?? null);
        $this->assertSame($sub, $domains['blog.network.test'] ?? null);

        foreach (['addon-site.example.com' => 'addon', 'blog.network.test' => 'subdomain'] as $name => $kind) {
            $count = $this->panel->requestCount();
            $e = $this->thrown(fn () => wu_enhance_remove_domain($name, $this->panel->config()), InvalidDomainException::class);
            $this->assertStringContainsString("as its $kind domain, not as an alias", $e->getMessage());
            $deletes = array_filter($this->sent($count), fn ($r) => str_starts_with($r, 'DELETE'));
            $this->assertSame([], $deletes, "nothing deleted for $name");
        }
        $this->assertArrayHasKey('addon-site.example.com', $this->panel->networkDomains());
    }

    public function testANameMappedAsAnAddonIsNotTakenForAnAlias(): void
    {
        $this->panel->mapAs('shop-addon.example.com', 'addon');
        $count = $this->panel->requestCount();
        $e = $this->thrown(fn () => wu_enhance_add_domain('shop-addon.example.com', $this->panel->config()), InvalidDomainException::class);
        $this->assertStringContainsString('as its addon domain, not as an alias, so it does not serve the network', $e->getMessage());
        $writes = array_filter($this->sent($count), fn ($r) => !str_starts_with($r, 'GET') && !str_ends_with($r, '/domains/check'));
        $this->assertSame([], array_values($writes));

        $r = wu_enhance_sync(['shop-addon.example.com', 'fine.example.com'], null, $this->panel->config());
        $this->assertSame(['failed', 'added'], array_column($r['entries'], 'action'));
        $this->assertStringContainsString('addon domain', $r['entries'][0]['error']);
    }

    public function testALostDeleteAnswerIsSettledByTheListACustomerTokenMayRead(): void
    {
        $config = $this->panel->customerConfig();
        $added = wu_enhance_add_domain('lost-answer.example.com', $config);
        $this->panel->faults([['kind' => 'drop_after', 'count' => 1, 'method' => 'DELETE']]);
        $count = $this->panel->requestCount();
        $r = wu_enhance_remove_domain('lost-answer.example.com', $config);
        $this->assertTrue($r['removed']);
        $this->assertSame(
            ['DELETE ' . $this->site() . '/domains/' . $added['id'], 'GET ' . $this->site() . '/domains'],
            $this->sent($count)
        );
        $this->assertArrayNotHasKey('lost-answer.example.com', $this->panel->networkDomains());
        // The single-mapping read the old settling used is the master org's alone.
        $path = substr($this->site(), strlen('/api/')) . '/domains/' . $added['id'];
        [$status, $body] = $this->panel->api('GET', $path, null, $this->panel->ready['enhance_customer_token']);
        $this->assertSame([403, 'unauthorized'], [$status, $body['code'] ?? null]);
    }

    public function testDiscoveryWithAMasterTokenReachesTheCustomerOrgWithAliasesAndSkipsDeletedWebsites(): void
    {
        $p = $this->panel->ready;
        // A deleted website that carried the network's domain, as a panel's history leaves one.
        $gone = $this->panel->admin('POST', 'websites', ['domain' => $p['enhance_network_domain'], 'status' => 'deleted']);
        $count = $this->panel->requestCount();
        $code = 'echo json_encode(wu_enhance_test_connection(' . var_export($this->panel->seedConfig(), true) . '));';
        $r = $this->runPhp($code);
        $this->assertSame($p['enhance_website_id'], $r['website_id']);
        $this->assertSame($p['enhance_org_id'], $r['org_id']);
        $this->assertNotSame($gone['id'], $r['website_id']);

        $searches = array_values(array_filter(
            $this->panel->requestsSince($count),
            fn ($q) => str_ends_with((string) parse_url($q['path'], PHP_URL_PATH), '/websites')
        ));
        $this->assertCount(1, $searches);
        parse_str((string) parse_url($searches[0]['path'], PHP_URL_QUERY), $query);
        $this->assertSame('infinite', $query['recursion'] ?? null);
        $this->assertSame('true', $query['showAliases'] ?? null);
        $this->assertArrayNotHasKey('showDeleted', $query, 'a parameter only the master org may set');
        $this->assertSame(
            ['GET /api/login/memberships', 'GET /api/orgs/' . $this->panel->state()['master_org_id'] . '/websites'],
            array_slice($this->sent($count), 0, 2)
        );
    }

    public function testDiscoveryWithACustomerToken(): void
    {
        $config = $this->panel->seedConfig(['api_token' => $this->panel->ready['enhance_customer_token']]);
        $found = $this->runPhp('echo json_encode(wu_enhance_discover(' . var_export($config, true) . '));');
        $this->assertSame([[
            'org_id' => $this->panel->ready['enhance_org_id'],
            'org_name' => 'Network Customer',
            'website_id' => $this->panel->ready['enhance_website_id'],
            'domain' => $this->panel->ready['enhance_network_domain'],
            'server_id' => $this->panel->ready['enhance_server_id'],
        ]], $found);
    }

    public function testRefusedMembershipsSayWhatToDefineInsteadOfBlamingTheToken(): void
    {
        $this->panel->switches(['memberships_refused' => true]);
        $code = 'try { wu_enhance_test_connection(' . var_export($this->panel->seedConfig(), true) . '); echo "[]"; }'
            . ' catch (WuHosting\Exception $e) { echo json_encode([get_class($e), $e->getMessage()]); }';
        [$class, $message] = $this->runPhp($code);
        $this->assertSame(ConfigException::class, $class);
        $this->assertStringContainsString('HTTP 403 unauthorized', $message);
        $this->assertStringContainsString('WU_ENHANCE_ORG_ID', $message);
        $this->assertStringContainsString('WU_ENHANCE_WEBSITE_ID', $message);
        // With the org defined, nothing needs the memberships.
        $config = $this->panel->seedConfig(['org_id' => $this->panel->ready['enhance_org_id']]);
        $r = $this->runPhp('echo json_encode(wu_enhance_test_connection(' . var_export($config, true) . '));');
        $this->assertSame($this->panel->ready['enhance_website_id'], $r['website_id']);
    }

    public function testARefusedSearchSaysWhatToDefine(): void
    {
        // A customer token pointed at the master organisation may not search it.
        $config = $this->panel->seedConfig([
            'api_token' => $this->panel->ready['enhance_customer_token'],
            'org_id' => $this->panel->state()['master_org_id'],
        ]);
        $code = 'try { wu_enhance_test_connection(' . var_export($config, true) . '); echo "[]"; }'
            . ' catch (WuHosting\Exception $e) { echo json_encode([get_class($e), $e->getMessage()]); }';
        [$class, $message] = $this->runPhp($code);
        $this->assertSame(ConfigException::class, $class);
        $this->assertStringContainsString('did not let the token search', $message);
        $this->assertStringContainsString('WU_ENHANCE_WEBSITE_ID', $message);
    }
}

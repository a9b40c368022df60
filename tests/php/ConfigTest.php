<?php
/**
 * How each call finds its settings ($config, then constants, then ini), the
 * seed guide's configuration (token, URL, server id) with discovery, and the
 * errors that say what to fix. Nothing is sent for a bad setting.
 */

declare(strict_types=1);

use WuHosting\ConfigException;
use WuHosting\Tests\PanelTestCase;

final class ConfigTest extends PanelTestCase
{
    public function testSeedGuideConfigurationDiscoversOrgAndWebsite(): void
    {
        $r = wu_enhance_test_connection($this->panel->seedConfig());
        $this->assertSame($this->panel->ready['enhance_website_id'], $r['website_id']);
        $this->assertSame($this->panel->ready['enhance_org_id'], $r['org_id']);
        // The website's server address (fake-panel's app01), from the website's serverIps.
        $this->assertSame(['127.0.0.1'], $r['server_ips']);
        $added = wu_enhance_add_domain('seed.example.com', $this->panel->seedConfig());
        $this->assertTrue($added['created']);
        $this->assertArrayHasKey('seed.example.com', $this->panel->networkDomains());
    }

    public function testDiscoveryIsRememberedForTheProcess(): void
    {
        $config = $this->panel->seedConfig(['timeout' => 29]);
        wu_enhance_list_domains($config);
        $count = $this->panel->requestCount();
        wu_enhance_list_domains($config);
        $paths = array_column($this->panel->requestsSince($count), 'path');
        $this->assertSame(1, count($paths), 'the second call only lists: ' . implode(', ', $paths));
        $this->assertStringEndsWith('/domains', parse_url($paths[0], PHP_URL_PATH));
    }

    public function testDiscoverListsTheCandidates(): void
    {
        $found = wu_enhance_discover($this->panel->seedConfig());
        $this->assertCount(1, $found);
        $this->assertSame([
            'org_id' => $this->panel->ready['enhance_org_id'],
            'org_name' => 'Network Customer',
            'website_id' => $this->panel->ready['enhance_website_id'],
            'domain' => $this->panel->ready['enhance_network_domain'],
            'server_id' => $this->panel->ready['enhance_server_id'],
        ], $found[0]);
    }

    public function testSeveralMatchingWebsitesAreListedNotGuessed(): void
    {
        $p = $this->panel->ready;
        // A website whose name only contains the network's domain is no match.
        $this->panel->admin('POST', 'websites', ['domain' => $p['enhance_network_domain'] . '.example.net']);
        $code = 'echo json_encode(wu_enhance_test_connection(' . var_export($this->panel->seedConfig(), true) . '));';
        $this->assertSame($p['enhance_website_id'], $this->runPhp($code)['website_id']);

        // A second website that carries the network's domain as an alias is.
        $dup = $this->panel->admin('POST', 'websites', ['domain' => 'network-copy.example.net', 'aliases' => [$p['enhance_network_domain']]]);
        $code = 'try { wu_enhance_test_connection(' . var_export($this->panel->seedConfig(), true) . '); echo "[]"; }'
            . ' catch (WuHosting\Exception $e) { echo json_encode([get_class($e), $e->getMessage()]); }';
        [$class, $message] = $this->runPhp($code);
        $this->assertSame(ConfigException::class, $class);
        $this->assertStringContainsString('Several Enhance websites', $message);
        $this->assertStringContainsString($p['enhance_website_id'], $message);
        $this->assertStringContainsString($dup['id'], $message);
        $this->assertStringContainsString('WU_ENHANCE_WEBSITE_ID', $message);
    }

    public function testNoMatchingWebsiteSaysWhatWasSearched(): void
    {
        $e = $this->thrown(fn () => wu_enhance_test_connection($this->panel->seedConfig(['network_domain' => 'nowhere.example.org'])), ConfigException::class);
        $this->assertStringContainsString('No Enhance website with the domain nowhere.example.org', $e->getMessage());
        // The master organisation's token searched its own org and, through it, its customers.
        $this->assertStringContainsString('Enhance Master', $e->getMessage());
        $this->assertStringContainsString('or their customers', $e->getMessage());
    }

    public function testServerIdIsRequiredForDiscovery(): void
    {
        $config = $this->panel->seedConfig();
        unset($config['server_id']);
        $count = $this->panel->requestCount();
        $e = $this->thrown(fn () => wu_enhance_add_domain('x.example.com', $config), ConfigException::class);
        $this->assertStringStartsWith('Server ID is not configured', $e->getMessage());
        $this->assertSame($count, $this->panel->requestCount());
    }

    public function testWebsiteIdAloneFindsItsOrganisation(): void
    {
        $config = $this->panel->config(['timeout' => 26]);
        unset($config['org_id']);
        $r = wu_enhance_test_connection($config);
        $this->assertSame($this->panel->ready['enhance_org_id'], $r['org_id']);
    }

    /** @return array<string, array{0: array<string, mixed>, 1: string}> */
    public function badSettings(): array
    {
        return [
            'no token' => [['api_token' => null], 'Enhance API Token not found'],
            'no url' => [['api_url' => null], 'Enhance API URL not found'],
            'http url' => [['api_url' => 'http://127.0.0.1/api/'], 'must use https://'],
            'not a url' => [['api_url' => 'panel.example.com/api'], 'is not a URL'],
            'wrong path' => [['api_url' => 'https://panel.example.com/admin/'], "path '/admin/' is not the Enhance API"],
            'org not a uuid' => [['org_id' => 'my-org'], "is not a UUID: got 'my-org'"],
            'website not a uuid' => [['website_id' => '123'], "is not a UUID: got '123'"],
            'unknown key' => [['apitoken' => 'x'], "Unknown key 'apitoken'"],
            'array value' => [['timeout' => [1]], "\$config['timeout'] must be a string or a number"],
            'bad timeout' => [['timeout' => 'soon'], "must be a number of seconds"],
            'missing ca file' => [['ca_file' => '/nonexistent/ca.pem'], "ca_file '/nonexistent/ca.pem' cannot be read"],
        ];
    }

    /** @dataProvider badSettings */
    public function testBadSettingsAreRejectedBeforeAnythingIsSent(array $overrides, string $expected): void
    {
        $config = array_filter($this->panel->config($overrides), fn ($v) => $v !== null);
        $count = $this->panel->requestCount();
        $e = $this->thrown(fn () => wu_enhance_add_domain('x.example.com', $config), ConfigException::class);
        $this->assertStringContainsString($expected, $e->getMessage());
        $this->assertSame($count, $this->panel->requestCount());
    }

    public function testApiUrlFormsTheSeedGuideMentionsAllWork(): void
    {
        $url = $this->panel->ready['enhance_api_url']; // https://127.0.0.1:PORT/api/
        $host = substr($url, 0, -strlen('api/'));
        foreach ([$url, rtrim($url, '/'), $host, rtrim($host, '/')] as $form) {
            $r = wu_enhance_test_connection($this->panel->config(['api_url' => $form]));
            $this->assertTrue($r['ok'], $form);
        }
    }

    public function testConstantsAreReadWhenConfigIsAbsent(): void
    {
        $p = $this->panel->ready;
        $code = sprintf(
            'define("WU_ENHANCE_API_URL", %s); define("WU_ENHANCE_API_TOKEN", %s); define("WU_ENHANCE_SERVER_ID", %s); define("DOMAIN_CURRENT_SITE", %s);'
            . 'echo json_encode(wu_enhance_test_connection());',
            var_export($p['enhance_api_url'], true),
            var_export($p['enhance_token'], true),
            var_export($p['enhance_server_id'], true),
            var_export($p['enhance_network_domain'], true),
        );
        $r = $this->runPhp($code, ['wu_hosting.ca_file' => $p['ca_file']]);
        $this->assertSame($p['enhance_website_id'], $r['website_id']);
    }

    public function testConfigWinsOverConstants(): void
    {
        $p = $this->panel->ready;
        $code = sprintf(
            'define("WU_ENHANCE_API_URL", "https://127.0.0.1:1/api/"); define("WU_ENHANCE_API_TOKEN", "wrong");'
            . 'echo json_encode(wu_enhance_test_connection(["api_url" => %s, "api_token" => %s, "org_id" => %s, "website_id" => %s]));',
            var_export($p['enhance_api_url'], true),
            var_export($p['enhance_token'], true),
            var_export($p['enhance_org_id'], true),
            var_export($p['enhance_website_id'], true),
        );
        $r = $this->runPhp($code, ['wu_hosting.ca_file' => $p['ca_file']]);
        $this->assertTrue($r['ok']);
    }

    public function testIniTimeoutApplies(): void
    {
        $this->panel->faults([['kind' => 'delay', 'ms' => 3000, 'count' => -1]]);
        $p = $this->panel->ready;
        $code = sprintf(
            '$t = microtime(true); try { wu_enhance_list_domains(["api_url" => %s, "api_token" => %s, "org_id" => %s, "website_id" => %s]); echo json_encode(["ok" => true]); }'
            . ' catch (WuHosting\NetworkException $e) { echo json_encode(["class" => get_class($e), "message" => $e->getMessage(), "seconds" => microtime(true) - $t]); }',
            var_export($p['enhance_api_url'], true),
            var_export($p['enhance_token'], true),
            var_export($p['enhance_org_id'], true),
            var_export($p['enhance_website_id'], true),
        );
        $r = $this->runPhp($code, ['wu_hosting.ca_file' => $p['ca_file'], 'wu_hosting.timeout' => '0.5']);
        $this->assertSame(WuHosting\NetworkException::class, $r['class'] ?? null, json_encode($r));
        $this->assertStringContainsString('timed out after 0.5 s', $r['message']);
    }
}

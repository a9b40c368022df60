<?php
/**
 * Ultimate Multisite (the 2.4 stand-in) maps, unmaps, renames domains and creates
 * sites; the plugin's Enhance provider must carry each change to the panel once,
 * honour the www setting, and never let Ultimate Multisite's own provider run.
 */

declare(strict_types=1);

namespace WuHosting\Tests\WordPress;

use WuHosting\Plugin\Providers\Enhance_Host_Provider;

final class DomainHooksTest extends WordPressTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        um_standin_reset();
        $this->forgetSiteOption('wp-ultimo_settings');
    }

    /** Maps $domain to $site through Ultimate Multisite and runs its queued jobs. */
    private function map(string $domain, int $site = 1): \WP_Ultimo\Models\Domain
    {
        $d = wu_create_domain(['blog_id' => $site, 'domain' => $domain, 'stage' => 'checking-dns']);
        $this->assertNotWPError($d);
        um_standin_run_actions('domain');
        return $d;
    }

    /** @return list<string> POSTs and DELETEs the panel received since $since */
    private function writesSince(int $since): array
    {
        // domains/check is a POST that changes nothing.
        $writes = array_filter(
            $this->panel->requestsSince($since),
            fn ($r) => in_array($r['method'], ['POST', 'DELETE'], true) && !str_ends_with($r['path'], '/domains/check')
        );
        return array_values(array_map(fn ($r) => $r['method'] . ' ' . $r['path'], $writes));
    }

    public function testOursIsTheEnhanceProviderAndUltimateMultisitesOwnIsUnhooked(): void
    {
        $integrations = \WP_Ultimo\Managers\Domain_Manager::get_instance()->get_integrations();
        $this->assertSame(Enhance_Host_Provider::class, $integrations['enhance']);
        $original = \WP_Ultimo\Integrations\Host_Providers\Enhance_Host_Provider::get_instance();
        $this->assertFalse(has_action('wu_add_domain', [$original, 'on_add_domain']));
        $this->assertSame(10, has_action('wu_add_domain', [Enhance_Host_Provider::get_instance(), 'on_add_domain']));
    }

    public function testMappingADomainReachesThePanelWithItsWwwName(): void
    {
        $this->map('mapped-one.test');
        $domains = $this->panel->networkDomains();
        $this->assertArrayHasKey('mapped-one.test', $domains);
        $this->assertArrayHasKey('www.mapped-one.test', $domains, 'auto_create_www_subdomain defaults to always');
        $this->assertSame([], um_standin_builtin_calls(), 'Ultimate Multisite\'s own provider ran beside ours');
        $this->assertSame([], um_standin_actions('domain', 'failed'));
    }

    public function testUnmappingRemovesTheDomainAndItsWwwName(): void
    {
        $d = $this->map('mapped-two.test');
        $this->assertArrayHasKey('mapped-two.test', $this->panel->networkDomains());
        $d->delete();
        um_standin_run_actions('domain');
        $domains = $this->panel->networkDomains();
        $this->assertArrayNotHasKey('mapped-two.test', $domains);
        $this->assertArrayNotHasKey('www.mapped-two.test', $domains);
    }

    public function testANewSubdomainSiteReachesThePanelOnceThoughTwoHooksAnnounceIt(): void
    {
        $host = 'blog-once.' . DOMAIN_CURRENT_SITE;
        $since = $this->panel->requestCount();
        $site = wpmu_create_blog($host, '/', 'Once', get_current_user_id());
        $this->assertIsInt($site);
        $hooks = array_column(um_standin_actions('domain'), 'hook');
        $this->assertContains('wu_add_subdomain', $hooks);
        $this->assertContains('wu_add_domain', $hooks);
        um_standin_run_actions('domain');
        $this->assertArrayHasKey($host, $this->panel->networkDomains());
        $this->assertArrayNotHasKey('www.' . $host, $this->panel->networkDomains(), 'a site host under the network domain gets no www name');
        $writes = $this->writesSince($since);
        $this->assertCount(1, $writes, 'one host, one write: ' . implode(', ', $writes));
        $this->assertStringStartsWith('POST ', $writes[0]);
        $this->assertCount(2, $this->panel->requestsSince($since), 'one check and one create; the second hook costs no request');
    }

    public function testDeletingTheSiteRemovesItsHost(): void
    {
        $host = 'blog-gone.' . DOMAIN_CURRENT_SITE;
        $site = wpmu_create_blog($host, '/', 'Gone', get_current_user_id());
        um_standin_run_actions('domain');
        $this->assertArrayHasKey($host, $this->panel->networkDomains());
        wpmu_delete_blog($site, true);
        um_standin_run_actions('domain');
        $this->assertArrayNotHasKey($host, $this->panel->networkDomains());
    }

    public function testARenamedDomainTakesTheOldNameOffThePanel(): void
    {
        $d = $this->map('before-rename.test');
        $this->assertArrayHasKey('before-rename.test', $this->panel->networkDomains());
        $d->set_domain('after-rename.test');
        $this->assertTrue((bool) $d->save());
        um_standin_run_actions('domain');
        $domains = $this->panel->networkDomains();
        $this->assertArrayHasKey('after-rename.test', $domains);
        $this->assertArrayHasKey('www.after-rename.test', $domains);
        $this->assertArrayNotHasKey('before-rename.test', $domains);
        $this->assertArrayNotHasKey('www.before-rename.test', $domains);
    }

    /** @return array<string, array{0: string, 1: array<string, bool>}> */
    public static function wwwSettings(): array
    {
        return [
            'always' => ['always', ['brand.test' => true, 'shop.brand.test' => true]],
            'main_only' => ['main_only', ['brand.test' => true, 'brand.co.uk' => true, 'shop.brand.test' => false]],
            'never' => ['never', ['brand.test' => false, 'shop.brand.test' => false]],
        ];
    }

    /**
     * @dataProvider wwwSettings
     * @param array<string, bool> $expect domain => whether its www name is on the panel
     */
    public function testTheWwwSettingIsHonoured(string $setting, array $expect): void
    {
        wu_save_setting('auto_create_www_subdomain', $setting);
        foreach (array_keys($expect) as $domain) {
            $this->map($domain);
        }
        $domains = $this->panel->networkDomains();
        foreach ($expect as $domain => $www) {
            $this->assertArrayHasKey($domain, $domains);
            $this->assertSame($www, isset($domains["www.$domain"]), "www.$domain with $setting");
        }
    }

    public function testAWwwNameMappedOnItsOwnStaysWhenTheApexIsUnmapped(): void
    {
        $apex = $this->map('keepwww.test');
        $this->map('www.keepwww.test');
        $apex->delete();
        um_standin_run_actions('domain');
        $domains = $this->panel->networkDomains();
        $this->assertArrayNotHasKey('keepwww.test', $domains);
        $this->assertArrayHasKey('www.keepwww.test', $domains);
    }

    public function testEachPanelRequestIsLoggedWithoutTheToken(): void
    {
        $this->map('logged.test');
        $log = (string) file_get_contents(\WP_Ultimo\Logger::get_logs_folder() . '/integration-enhance.log');
        $this->assertMatchesRegularExpression('#Enhance POST /api/orgs/\S+/websites/\S+/domains 201 [\d.]+ ms#', $log);
        $this->assertStringContainsString('logged.test added (site 1).', $log);
        $this->assertStringNotContainsString(WU_ENHANCE_API_TOKEN, $log);
    }

    public function testTheSameCallJustDoneIsNotSentAgainButTheOppositeIs(): void
    {
        $sync = \WuHosting\Plugin\Plugin::instance()->sync();
        $enhance = \WuHosting\Plugin\Panel::get('enhance');
        $since = $this->panel->requestCount();
        $sync->add_subdomain($enhance, 'echo.' . DOMAIN_CURRENT_SITE, 1);
        $sync->add_domain($enhance, 'echo.' . DOMAIN_CURRENT_SITE, 1);
        $this->assertCount(1, $this->writesSince($since));
        $sync->remove_domain($enhance, 'echo.' . DOMAIN_CURRENT_SITE, 1);
        $this->assertArrayNotHasKey('echo.' . DOMAIN_CURRENT_SITE, $this->panel->networkDomains());
        $sync->add_domain($enhance, 'echo.' . DOMAIN_CURRENT_SITE, 1);
        $this->assertArrayHasKey('echo.' . DOMAIN_CURRENT_SITE, $this->panel->networkDomains(), 'adding again after a removal is sent');
        $this->assertCount(3, $this->writesSince($since));
    }

    public function testClosteGetsTheMappedNameOnlyAndSurvivesANetworkFailure(): void
    {
        $this->giveClosteKey();
        $closte = \WuHosting\Plugin\Providers\Closte_Host_Provider::get_instance();
        $closte->on_add_domain('closte-hook.test', 1);
        $this->assertContains('closte-hook.test', array_keys($this->panel->closteAliases()));
        $this->assertNotContains('www.closte-hook.test', array_keys($this->panel->closteAliases()), 'www is an Enhance matter');

        // Ultimate Multisite 2.4.10's Closte job crashed on a network failure; this one queues a retry.
        $this->panel->faults([['kind' => 'drop', 'count' => -1, 'path' => 'closte']]);
        $closte->on_remove_domain('closte-hook.test', 1);
        $retries = um_standin_actions(\WuHosting\Plugin\Retry_Queue::GROUP);
        $this->assertCount(1, $retries);
        $this->assertSame(['closte', 'remove'], [$retries[0]['args'][0]['panel'], $retries[0]['args'][0]['op']]);
        $this->panel->admin('DELETE', 'faults');
        um_standin_run_actions(\WuHosting\Plugin\Retry_Queue::GROUP, time() + 90);
        $this->assertNotContains('closte-hook.test', array_keys($this->panel->closteAliases()));
        $this->assertSame([], um_standin_builtin_calls('closte'));
    }
}

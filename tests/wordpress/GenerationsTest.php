<?php
/**
 * What needs a PHP process of its own: Ultimate Multisite's 2.5 registry instead
 * of the 2.4 providers, a PHP without the native library, and the plugin loaded
 * as a must-use plugin.
 */

declare(strict_types=1);

namespace WuHosting\Tests\WordPress;

final class GenerationsTest extends WordPressTestCase
{
    public function testWithTheRegistryOursReplacesItsEnhanceIntegration(): void
    {
        $r = $this->child('registry', $this->php(), ['UM_STANDIN_VERSION' => '2.5']);
        $this->assertSame('2.5', $r['generation']);
        $this->assertSame('WuHosting\Plugin\Registry\Hosting_Integration', $r['integration']);
        $this->assertSame('WuHosting\Plugin\Registry\Hosting_Integration', $r['closte']);
        $this->assertSame('WuHosting\Plugin\Registry\Domain_Mapping', $r['module']);
        $this->assertFalse($r['legacy_provider_loaded'], 'one generation at a time, or domains go twice');
        $this->assertSame([], $r['builtin_calls']);
        $this->assertSame([], $r['failed_jobs']);
        $this->assertTrue($r['connection_test']);
        $domains = $this->panel->networkDomains();
        $this->assertArrayHasKey('registry-gen.test', $domains);
        $this->assertArrayHasKey('www.registry-gen.test', $domains);
    }

    public function testWithoutNativeCodeThePluginStandsAsideAndSaysSo(): void
    {
        $r = $this->child('without-native', $this->php(['wu_hosting', 'ffi']));
        $this->assertSame('none', $r['mode']);
        $this->assertStringContainsString('extension is not loaded', $r['notice']);
        $this->assertFalse($r['ours_loaded']);
        $this->assertSame(['stand-aside.test'], $r['builtin_calls'], 'Ultimate Multisite\'s own provider still runs');
        $this->assertArrayNotHasKey('stand-aside.test', $this->panel->networkDomains());
    }

    public function testAsAMustUsePluginItWorksTheSame(): void
    {
        $r = $this->child('mu-plugin', $this->php(), ['WU_HOSTING_AS_MU_PLUGIN' => '1']);
        $this->assertFalse($r['network_active'], 'loaded from mu-plugins, not as a network plugin');
        $this->assertSame((string) getenv('WU_HOSTING_MODE'), $r['mode']);
        $this->assertSame('WuHosting\Plugin\Providers\Enhance_Host_Provider', $r['integration']);
        $this->assertSame([], $r['builtin_calls']);
        $this->assertArrayHasKey('as-mu-plugin.test', $this->panel->networkDomains());
    }
}

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
    /**
     * PHP as this process runs (same ini, same shared extensions), with changes.
     *
     * @param list<string> $drop shared extensions to leave out
     * @return list<string>
     */
    private function php(array $drop = [], array $ini = []): array
    {
        $args = [PHP_BINARY, '-n'];
        $dir = (string) ini_get('extension_dir');
        foreach (get_loaded_extensions() as $ext) {
            $name = strtolower($ext);
            $file = $name === 'zend opcache' ? 'opcache' : $name;
            if (!in_array($name, $drop, true) && is_file("$dir/$file.so")) {
                $args[] = '-d';
                $args[] = "extension=$file";
            }
        }
        if (extension_loaded('wu_hosting') && !in_array('wu_hosting', $drop, true)) {
            $args[] = '-d';
            $args[] = 'extension=' . (getenv('WU_HOSTING_EXTENSION') ?: dirname(__DIR__, 2) . '/target/release/libwu_hosting.so');
        }
        foreach ($ini + ['ffi.enable' => (string) ini_get('ffi.enable'), 'display_errors' => 'stderr'] as $k => $v) {
            $args[] = '-d';
            $args[] = "$k=$v";
        }
        return $args;
    }

    private function child(string $scenario, array $php, array $env = []): array
    {
        $php[] = __DIR__ . '/child/run.php';
        $php[] = $scenario;
        $proc = proc_open($php, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env + getenv());
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        $status = proc_close($proc);
        $this->assertSame(0, $status, "child $scenario failed: $err $out");
        $at = strrpos($out, "@@answer@@\n");
        $this->assertNotFalse($at, "child $scenario gave no answer: $out $err");
        return (array) json_decode(substr($out, $at + 11), true);
    }

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

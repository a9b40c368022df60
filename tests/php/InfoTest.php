<?php
/**
 * What the extension tells the plugin about itself, so that the plugin never
 * repeats a rule: wu_hosting_info(), the "is it configured" checks and the
 * passing-failure rule; and the table-made signatures checking arguments as PHP's
 * own functions do.
 */

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use WuHosting\Tests\ExtensionHelpers;

final class InfoTest extends TestCase
{
    use ExtensionHelpers;

    public function testInfoSaysWhatThisBuildIsAndWhichPanelsAreConfigured(): void
    {
        $info = $this->runPhp(
            'define("WU_ENHANCE_API_TOKEN", "marker-token-7f3a9c2e"); define("WU_ENHANCE_API_URL", "https://panel.example.com/api/");'
            . 'echo json_encode(wu_hosting_info());',
            ['wu_hosting.timeout' => '7']
        );
        $this->assertSame(wu_hosting_version(), $info['version']);
        $this->assertSame('release', $info['build']['profile']);
        $this->assertTrue($info['panels']['enhance']['configured']);
        $this->assertFalse($info['panels']['closte']['configured']);
        $this->assertSame('api_token', $info['panels']['enhance']['settings']['WU_ENHANCE_API_TOKEN']);
        $this->assertSame('api_key', $info['panels']['closte']['settings']['CLOSTE_CLIENT_API_KEY']);
        $this->assertContains('ca_file', $info['panels']['closte']['config_keys']);
        $this->assertSame(
            ['wu_hosting.ca_file' => '', 'wu_hosting.timeout' => '7', 'wu_hosting.connect_timeout' => '10', 'wu_hosting.max_concurrency' => '16'],
            $info['ini']
        );
        $this->assertEqualsCanonicalizing(get_extension_funcs('wu_hosting'), $info['functions']);
        $this->assertStringNotContainsString('marker-token', json_encode($info));
        $this->assertStringNotContainsString('7f3a9c2e', json_encode($info));
    }

    public function testConfiguredMeansTheNeededSettingsAreThere(): void
    {
        $this->assertFalse(wu_enhance_is_configured(['api_token' => 't']));
        $this->assertTrue(wu_enhance_is_configured(['api_token' => 't', 'api_url' => 'https://panel.example.com']));
        $this->assertFalse(wu_closte_is_configured(['api_key' => '  ']));
        $this->assertTrue(wu_closte_is_configured(['api_key' => 'k']));
        $e = $this->thrown(fn () => wu_closte_is_configured(['api_token' => 'k']), \WuHosting\ConfigException::class);
        $this->assertStringStartsWith("Unknown key 'api_token' in \$config", $e->getMessage());
        $this->assertSame(
            [true, false],
            $this->runPhp('define("CLOSTE_CLIENT_API_KEY", "k"); echo json_encode([wu_closte_is_configured(), wu_enhance_is_configured()]);')
        );
    }

    public function testThePassingFailureRule(): void
    {
        $this->assertTrue(wu_hosting_is_transient(\WuHosting\NetworkException::class, 0));
        $this->assertTrue(wu_hosting_is_transient('\\WuHosting\\ApiException', 503));
        $this->assertTrue(wu_hosting_is_transient(\WuHosting\ApiException::class, 429));
        $this->assertTrue(wu_hosting_is_transient(\WuHosting\ApiException::class, 408));
        $this->assertFalse(wu_hosting_is_transient(\WuHosting\ApiException::class, 404));
        $this->assertFalse(wu_hosting_is_transient(\WuHosting\AuthException::class, 503));
        $this->assertFalse(wu_hosting_is_transient(\WuHosting\ConfigException::class, 0));
        $this->assertFalse(wu_hosting_is_transient(\RuntimeException::class, 503));
    }

    public function testArgumentsAreCheckedAsPhpChecksItsOwnFunctions(): void
    {
        $e = $this->thrown(fn () => wu_hosting_is_transient('x'), \ArgumentCountError::class);
        $this->assertSame('wu_hosting_is_transient() expects exactly 2 arguments, 1 given', $e->getMessage());
        $e = $this->thrown(fn () => wu_enhance_add_domain(), \ArgumentCountError::class);
        $this->assertSame('wu_enhance_add_domain() expects at least 1 argument, 0 given', $e->getMessage());
        $e = $this->thrown(fn () => wu_hosting_is_transient('x', 'y'), \TypeError::class);
        $this->assertSame('Invalid value given for argument `code`.', $e->getMessage());
        $r = new ReflectionFunction('wu_hosting_info');
        $this->assertSame('array', (string) $r->getReturnType());
        $this->assertSame(0, $r->getNumberOfParameters());
    }
}

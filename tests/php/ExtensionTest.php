<?php
/**
 * The extension as PHP sees it: functions, exception classes, ini settings, and
 * the committed stub file matching what the extension really declares.
 */

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

final class ExtensionTest extends TestCase
{
    private const FUNCTIONS = [
        'wu_enhance_add_domain', 'wu_enhance_remove_domain', 'wu_enhance_add_subdomain',
        'wu_enhance_remove_subdomain', 'wu_enhance_list_domains', 'wu_enhance_test_connection',
        'wu_enhance_discover', 'wu_hosting_version',
        'wu_closte_add_domain', 'wu_closte_remove_domain', 'wu_closte_list_domains',
        'wu_closte_test_connection', 'wu_closte_detect', 'wu_enhance_sync', 'wu_closte_sync',
        'wu_hosting_set_logger', 'wu_hosting_write_constants',
        'wu_dns_check', 'wu_dns_check_many', 'wu_ssl_check', 'wu_ssl_check_many',
        'wu_enhance_domain_status', 'wu_enhance_issue_ssl',
    ];

    public function testVersionMatchesTheCrate(): void
    {
        $cargo = file_get_contents(dirname(__DIR__, 2) . '/Cargo.toml');
        $this->assertMatchesRegularExpression('/^version = "([^"]+)"/m', $cargo);
        preg_match('/^version = "([^"]+)"/m', $cargo, $m);
        $this->assertSame($m[1], wu_hosting_version());
        $this->assertSame($m[1], phpversion('wu_hosting'));
    }

    public function testEveryPublicFunctionExists(): void
    {
        $declared = get_extension_funcs('wu_hosting');
        foreach (self::FUNCTIONS as $f) {
            $this->assertContains($f, $declared, "$f is missing");
        }
    }

    public function testExceptionHierarchy(): void
    {
        $this->assertSame(RuntimeException::class, get_parent_class(WuHosting\Exception::class));
        foreach (['ConfigException', 'InvalidDomainException', 'AuthException', 'NetworkException', 'ApiException'] as $c) {
            $this->assertSame(WuHosting\Exception::class, get_parent_class("WuHosting\\$c"), $c);
        }
        $props = array_map(fn ($p) => $p->getName(), (new ReflectionClass(WuHosting\ApiException::class))->getProperties(ReflectionProperty::IS_PUBLIC));
        $this->assertSame(['errorCode', 'panelMessage'], $props);
    }

    public function testExceptionsCarryFileAndLine(): void
    {
        try {
            $line = __LINE__ + 1;
            wu_enhance_add_domain('not a domain');
            $this->fail('no exception');
        } catch (WuHosting\InvalidDomainException $e) {
            $this->assertSame(__FILE__, $e->getFile());
            $this->assertSame($line, $e->getLine());
        }
    }

    public function testIniSettingsAreDeclaredAndShown(): void
    {
        $this->assertSame('30', ini_get('wu_hosting.timeout'));
        $this->assertSame('10', ini_get('wu_hosting.connect_timeout'));
        $this->assertSame('', ini_get('wu_hosting.ca_file'));
        $ext = getenv('WU_HOSTING_EXTENSION') ?: dirname(__DIR__, 2) . '/target/release/libwu_hosting.so';
        $out = shell_exec(escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg($ext) . ' -d wu_hosting.timeout=7 --ri wu_hosting');
        $this->assertStringContainsString('wu_hosting.timeout => 7', (string) $out);
        $this->assertStringContainsString('wu_hosting.connect_timeout => 10', (string) $out);
        $this->assertStringNotContainsStringIgnoringCase('token', (string) $out);
    }

    /** The committed stub declares exactly the extension's functions, with the same parameters. */
    public function testStubFileIsCurrent(): void
    {
        $stub = dirname(__DIR__, 2) . '/php/stubs/wu_hosting.stub.php';
        $this->assertFileExists($stub);
        $code = 'require ' . var_export($stub, true) . ';'
            . '$o = [];'
            . 'foreach (get_defined_functions()["user"] as $f) { $r = new ReflectionFunction($f);'
            . '  $o[$r->getName()] = array_map(fn($p) => [$p->getName(), (string) $p->getType(), $p->isOptional(), count($p->getAttributes("SensitiveParameter")) > 0], $r->getParameters())'
            . '  + ["return" => (string) $r->getReturnType()]; }'
            . '$c = []; foreach (get_declared_classes() as $k) { if (str_starts_with($k, "WuHosting\\\\")) { $c[$k] = get_parent_class($k); } }'
            . 'echo json_encode(["f" => $o, "c" => $c]);';
        $out = shell_exec(escapeshellarg(PHP_BINARY) . ' -n -r ' . escapeshellarg($code));
        $fromStub = json_decode((string) $out, true);
        $this->assertIsArray($fromStub, (string) $out);

        $real = [];
        foreach (get_extension_funcs('wu_hosting') as $f) {
            $r = new ReflectionFunction($f);
            // A parameter that can carry a token or key is #[\SensitiveParameter] in both.
            $real[$r->getName()] = array_map(fn ($p) => [$p->getName(), (string) $p->getType(), $p->isOptional(), count($p->getAttributes('SensitiveParameter')) > 0], $r->getParameters())
                + ['return' => (string) $r->getReturnType()];
        }
        ksort($real);
        $stubFns = $fromStub['f'];
        ksort($stubFns);
        $this->assertSame($real, $stubFns);

        $classes = [];
        foreach (get_declared_classes() as $k) {
            if (str_starts_with($k, 'WuHosting\\') && !str_starts_with($k, 'WuHosting\\Tests\\')) {
                $classes[$k] = get_parent_class($k);
            }
        }
        ksort($classes);
        $stubClasses = $fromStub['c'];
        ksort($stubClasses);
        $this->assertSame($classes, $stubClasses);
    }
}

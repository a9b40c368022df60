<?php
/**
 * FFI mode (php/native/ffi.php over the library's C ABI) against the extension:
 * the same scenario (tests/php/ffi/scenario.php) run in a PHP with the extension
 * and in a PHP without it but with FFI gives the same transcript, and every
 * function and exception class FFI mode defines is declared as the extension's.
 */

declare(strict_types=1);

require_once __DIR__ . '/support/ReadinessTestCase.php';

use WuHosting\Tests\FakePanel;
use WuHosting\Tests\ReadinessTestCase;

final class FfiModeTest extends ReadinessTestCase
{
    private function root(): string
    {
        return dirname(__DIR__, 2);
    }

    /** @return list<string> a PHP without the extension, with FFI on and the library named */
    private function ffiPhp(): array
    {
        return [PHP_BINARY, '-n', '-d', 'extension=ffi', '-d', 'ffi.enable=1'];
    }

    /**
     * Runs a PHP command line; returns [exit status, stdout, stderr].
     *
     * @param list<string>          $args
     * @param array<string, string> $env  added to this process's environment
     */
    private function runCommand(array $args, array $env = []): array
    {
        $proc = proc_open($args, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, $this->root(), $env + getenv());
        $this->assertIsResource($proc);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        return [proc_close($proc), $out, $err];
    }

    /** Runs the scenario on a freshly reset panel; returns its decoded output. */
    private function scenario(array $php, array $env): array
    {
        (new FakePanel())->reset();
        $dir = sys_get_temp_dir() . '/wu-ffi-scenario-' . getmypid() . '-' . bin2hex(random_bytes(4));
        mkdir($dir);
        try {
            $ca = (new FakePanel())->ready['ca_file'];
            $args = array_merge($php, ['-d', "wu_hosting.ca_file=$ca", 'tests/php/ffi/scenario.php']);
            [$status, $out, $err] = $this->runCommand($args, $env + [
                'WU_FIXTURES_READY' => json_encode(self::fixtures()),
                'WU_SCENARIO_DIR' => $dir,
            ]);
        } finally {
            foreach (glob("$dir/{,.}*", GLOB_BRACE) ?: [] as $f) {
                if (is_file($f)) {
                    unlink($f);
                }
            }
            rmdir($dir);
        }
        $this->assertSame(0, $status, "scenario failed: $err $out");
        $decoded = json_decode($out, true);
        $this->assertIsArray($decoded, "scenario printed no JSON: $out $err");
        return $decoded;
    }

    public function testTheScenarioGivesTheSameTranscriptThroughFfi(): void
    {
        $ext = $this->scenario([PHP_BINARY, '-n', '-d', 'extension=' . $this->extensionPath()], []);
        $ffi = $this->scenario($this->ffiPhp(), ['WU_HOSTING_FFI_LIBRARY' => $this->extensionPath()]);
        try {
            (new FakePanel())->reset();
        } catch (\Throwable) {
        }

        $this->assertSame('extension', $ext['mode']);
        $this->assertSame('ffi', $ffi['mode']);
        $this->assertSame(wu_hosting_version(), $ffi['version']);

        $transcript = $ext['transcript'];
        $this->assertGreaterThanOrEqual(50, count($transcript));
        $answers = array_filter($transcript, fn ($s) => array_key_exists('ok', $s));
        $thrown = array_filter($transcript, fn ($s) => array_key_exists('thrown', $s));
        $logged = array_filter($transcript, fn ($s) => !empty($s['log']));
        $this->assertGreaterThanOrEqual(25, count($answers));
        $this->assertGreaterThanOrEqual(20, count($thrown));
        $this->assertGreaterThanOrEqual(15, count($logged));
        // A few spot checks that the scenario did what it says.
        $this->assertTrue($transcript['add']['ok']['created']);
        $this->assertFalse($transcript['add again']['ok']['created']);
        $this->assertSame('internal', $transcript['api 500']['thrown']['errorCode']);
        $this->assertSame('UUID parsing failed', $transcript['api text']['thrown']['panelMessage']);
        $this->assertSame('WuHosting\\AuthException', $transcript['auth']['thrown']['class']);
        $this->assertSame([[3, 5], [4, 5], [5, 5]], $transcript['sync progress calls']['ok']);
        $this->assertSame('stop here', $transcript['sync progress throws']['ok']['thrown']['message']);
        $this->assertTrue($transcript['dns']['ok']['ok']);
        $this->assertTrue($transcript['ssl valid']['ok']['ok']);
        $this->assertTrue($transcript['write constants']['ok']['changed']);

        $this->assertSame(
            json_encode($transcript, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES),
            json_encode($ffi['transcript'], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES)
        );
    }

    /** Parameters, defaults and return types of every FFI-mode function, and the classes. */
    public function testFfiModeDeclaresWhatTheExtensionDeclares(): void
    {
        $describe = 'function describe_fn(ReflectionFunction $r): array {'
            . '  $p = array_map(fn($p) => [$p->getName(), (string) $p->getType(), $p->isOptional(),'
            . '    $p->isDefaultValueAvailable() ? var_export($p->getDefaultValue(), true) : null, $p->isVariadic(), $p->isPassedByReference(), count($p->getAttributes("SensitiveParameter")) > 0], $r->getParameters());'
            . '  return ["params" => $p, "return" => (string) $r->getReturnType()]; }'
            . 'function describe_classes(): array { $c = [];'
            . '  foreach (get_declared_classes() as $k) { if (str_starts_with($k, "WuHosting\\\\") && !str_starts_with($k, "WuHosting\\\\Tests\\\\") && !str_starts_with($k, "WuHosting\\\\Native\\\\")) {'
            . '    $r = new ReflectionClass($k); $props = [];'
            . '    foreach ($r->getProperties(ReflectionProperty::IS_PUBLIC) as $p) { $props[$p->getName()] = [(string) $p->getType(), $p->hasDefaultValue() ? var_export($p->getDefaultValue(), true) : null]; }'
            . '    $c[$k] = ["parent" => get_parent_class($k), "props" => $props, "final" => $r->isFinal()]; } }'
            . '  ksort($c); return $c; }';
        $code = $describe
            . 'require "php/native/ffi.php";'
            . '$o = []; foreach (get_defined_functions()["user"] as $f) { $r = new ReflectionFunction($f);'
            . '  if (str_starts_with($r->getName(), "wu_") && $r->getName() !== "wu_hosting_native_mode") { $o[$r->getName()] = describe_fn($r); } }'
            . 'ksort($o); echo json_encode(["mode" => wu_hosting_native_mode(), "f" => $o, "c" => describe_classes()]);';
        [$status, $out, $err] = $this->runCommand(array_merge($this->ffiPhp(), ['-r', $code]), ['WU_HOSTING_FFI_LIBRARY' => $this->extensionPath()]);
        $this->assertSame(0, $status, $err . $out);
        $ffi = json_decode($out, true);
        $this->assertIsArray($ffi, $out . $err);
        $this->assertSame('ffi', $ffi['mode']);

        eval($describe);
        $real = [];
        foreach (get_extension_funcs('wu_hosting') as $f) {
            $real[$f] = describe_fn(new ReflectionFunction($f));
        }
        ksort($real);
        $this->assertSame($real, $ffi['f']);
        $this->assertSame(describe_classes(), $ffi['c']);
    }

    public function testWithTheExtensionLoadedNothingIsDefinedTwice(): void
    {
        $code = 'require "php/native/ffi.php";'
            . 'echo json_encode([wu_hosting_native_mode(), (new ReflectionFunction("wu_enhance_add_domain"))->getExtensionName(),'
            . ' (new ReflectionClass(WuHosting\\ApiException::class))->getExtensionName()]);';
        [$status, $out, $err] = $this->runCommand([PHP_BINARY, '-n', '-d', 'extension=' . $this->extensionPath(), '-d', 'extension=ffi', '-r', $code]);
        $this->assertSame(0, $status, $err . $out);
        $this->assertSame(['extension', 'wu_hosting', 'wu_hosting'], json_decode($out, true), $out . $err);
    }

    /** @return array<string, array{0: list<string>, 1: array<string, string>, 2: string}> */
    public function unavailable(): array
    {
        return [
            'ffi.enable off' => [['-d', 'extension=ffi', '-d', 'ffi.enable=0'], [], 'ffi.enable=1'],
            'no ffi extension' => [[], [], 'extension=ffi'],
            'library missing' => [['-d', 'extension=ffi', '-d', 'ffi.enable=1'], ['WU_HOSTING_FFI_LIBRARY' => '/nonexistent/libwu_hosting.so'], 'WU_HOSTING_FFI_LIBRARY'],
            'not a library' => [['-d', 'extension=ffi', '-d', 'ffi.enable=1'], ['WU_HOSTING_FFI_LIBRARY' => __FILE__], 'FFI could not load'],
        ];
    }

    /** @dataProvider unavailable */
    public function testWhyFfiModeIsUnavailableSaysWhatToFix(array $ini, array $env, string $expected): void
    {
        $code = 'require "php/native/ffi.php";'
            . 'echo json_encode(["mode" => wu_hosting_native_mode(), "reason" => WuHosting\\Native\\Ffi_Library::unavailable_reason(),'
            . ' "defined" => function_exists("wu_enhance_add_domain")]);';
        [$status, $out, $err] = $this->runCommand(array_merge([PHP_BINARY, '-n'], $ini, ['-r', $code]), $env + ['WU_HOSTING_FFI_LIBRARY' => $this->extensionPath()]);
        $this->assertSame(0, $status, $err . $out);
        $r = json_decode($out, true);
        $this->assertIsArray($r, $out . $err);
        $this->assertSame('none', $r['mode']);
        $this->assertStringContainsString($expected, (string) $r['reason']);
    }

    public function testTheLibraryIsLoadedAgainAfterAFork(): void
    {
        $code = 'require "php/native/ffi.php";'
            . '$a = spl_object_id(WuHosting\\Native\\Ffi_Library::ffi());'
            . '$pid = pcntl_fork(); if ($pid === 0) { $b = WuHosting\\Native\\Ffi_Library::ffi(); exit(wu_hosting_version() === "' . wu_hosting_version() . '" ? 0 : 3); }'
            . 'pcntl_waitpid($pid, $st); echo json_encode(["child" => pcntl_wexitstatus($st), "same" => $a === spl_object_id(WuHosting\\Native\\Ffi_Library::ffi())]);';
        if (!function_exists('pcntl_fork')) {
            $this->markTestSkipped('pcntl is not available');
        }
        [$status, $out, $err] = $this->runCommand(array_merge($this->ffiPhp(), ['-r', $code]), ['WU_HOSTING_FFI_LIBRARY' => $this->extensionPath()]);
        $this->assertSame(0, $status, $err . $out);
        $this->assertSame(['child' => 0, 'same' => true], json_decode($out, true), $err);
    }

    public function testTheShippedHeaderIsTheBuiltOne(): void
    {
        $this->assertFileEquals($this->root() . '/include/wu_hosting.h', $this->root() . '/php/native/wu_hosting.h');
    }
}

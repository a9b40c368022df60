<?php
/**
 * No secret in any text: every failure kind a panel can answer with (answers
 * that echo the token or key whole, cut at a message's length or in pieces, in
 * codes, details, headers and HTML; lost connections; stalls; bad settings) is
 * driven with a marker token and key (tests/php/secrets/drive.php), and every
 * exception message, property and trace (with `zend.exception_ignore_args=0`),
 * log record and result is searched for any 8-character piece of either. With
 * the extension and in FFI mode.
 */

declare(strict_types=1);

use WuHosting\Tests\FakePanel;
use WuHosting\Tests\PanelTestCase;

final class SecretsTest extends PanelTestCase
{
    private const TOKEN = 'TOKmarker7Qx2Vb9Lw4Nz8Rk3Hp6Jd1Fs5Gc0Ym';
    private const KEY = 'KEYmarker3Wq8Ze1Xr6Tb4Uy9Io2Pa7Sd5';

    /** @return list<string> every 8-character piece of the markers */
    private function pieces(): array
    {
        $out = [];
        foreach ([self::TOKEN, self::KEY] as $secret) {
            for ($i = 0; $i + 8 <= strlen($secret); $i++) {
                $out[] = substr($secret, $i, 8);
            }
        }
        return $out;
    }

    /** @return array<string, array{0: list<string>}> */
    public function modes(): array
    {
        return [
            'extension' => [['-d', 'extension=' . dirname(__DIR__, 2) . '/target/release/libwu_hosting.so']],
            'ffi' => [['-n', '-d', 'extension=ffi', '-d', 'ffi.enable=1']],
        ];
    }

    /** @dataProvider modes */
    public function testNoPieceOfTheTokenOrKeyInAnyMessagePropertyTraceLogOrResult(array $php): void
    {
        $panel = FakePanel::spawn(['--token', self::TOKEN, '--closte-key', self::KEY]);
        try {
            $cmd = array_merge([PHP_BINARY], $php, ['-d', 'zend.exception_ignore_args=0', __DIR__ . '/secrets/drive.php']);
            $env = ['FAKE_PANEL_READY' => json_encode($panel->ready), 'PATH' => getenv('PATH') ?: '/usr/bin:/bin',
                'WU_HOSTING_FFI_LIBRARY' => dirname(__DIR__, 2) . '/target/release/libwu_hosting.so'];
            $proc = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, dirname(__DIR__, 2), $env);
            $out = stream_get_contents($pipes[1]);
            $err = stream_get_contents($pipes[2]);
            $this->assertSame(0, proc_close($proc), "the driver failed: $err");
            $seen = json_decode((string) $out, true);
            $this->assertIsArray($seen, "no JSON from the driver: $out $err");
        } finally {
            $panel->stop();
        }
        // The driver really ran with the markers, through every case, and saw failures.
        $this->assertSame([self::TOKEN, self::KEY], [$seen['token'], $seen['key']]);
        $this->assertGreaterThan(100, $seen['cases']);
        $all = implode("\n", array_merge($seen['texts'], $seen['log']));
        $this->assertStringContainsString('WuHosting\\AuthException', $all);
        $this->assertStringContainsString('WuHosting\\ApiException', $all);
        $this->assertStringContainsString('WuHosting\\NetworkException', $all);
        $this->assertStringContainsString('[redacted]', $all, 'echoed secrets were there to remove');
        $this->assertStringContainsString('SensitiveParameterValue', $all, 'traces carry arguments');
        $this->assertNotEmpty($seen['log']);
        foreach ($this->pieces() as $piece) {
            $at = strpos($all, $piece);
            $this->assertFalse($at, $at === false ? '' : "'$piece' found in: …" . substr($all, max(0, $at - 300), 600) . '…');
        }
    }
}

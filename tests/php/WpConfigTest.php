<?php
/**
 * wu_hosting_write_constants(): the wizard's path to wp-config.php, checked by
 * loading the written file with real PHP.
 */

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use WuHosting\ConfigException;
use WuHosting\Tests\ExtensionHelpers;

final class WpConfigTest extends TestCase
{
    use ExtensionHelpers;

    private string $dir;
    private string $path;

    private const CONFIG = <<<'PHP'
        <?php
        define( 'DB_NAME', 'wordpress' );
        define( 'DB_PASSWORD', 'secret' );

        $table_prefix = 'wp_';

        /* That's all, stop editing! Happy publishing. */
        if ( ! defined( 'ABSPATH' ) ) {
            define( 'ABSPATH', __DIR__ . '/' );
        }
        require_once ABSPATH . 'wp-settings.php';

        PHP;

    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/wu-wpconfig-' . bin2hex(random_bytes(6));
        mkdir($this->dir);
        $this->path = $this->dir . '/wp-config.php';
        file_put_contents($this->path, self::CONFIG);
        chmod($this->path, 0640);
        file_put_contents($this->dir . '/wp-settings.php', "<?php\n");
    }

    protected function tearDown(): void
    {
        array_map('unlink', glob($this->dir . '/{,.}*[!.]*', GLOB_BRACE) ?: []);
        @rmdir($this->dir);
    }

    /** The constants as PHP sees them after loading the file. */
    private function load(array $names): array
    {
        $code = 'include ' . var_export($this->path, true) . '; $o = [];'
            . 'foreach (' . var_export($names, true) . ' as $n) { $o[$n] = constant($n); } echo json_encode($o);';
        return $this->runPhp($code);
    }

    public function testAHostileTokenStaysInsideItsString(): void
    {
        $token = "to'ken\\with\"quotes?>and <?php echo 'x'; \\'); system('id'); //";
        $r = wu_hosting_write_constants($this->path, [
            'WU_ENHANCE_API_TOKEN' => $token,
            'WU_ENHANCE_API_URL' => 'https://panel.example.com/api/',
            'WU_FLAG' => true,
            'WU_COUNT' => 3,
        ]);
        $this->assertTrue($r['changed']);
        $this->assertSame(['WU_ENHANCE_API_TOKEN' => 'added', 'WU_ENHANCE_API_URL' => 'added', 'WU_FLAG' => 'added', 'WU_COUNT' => 'added'], $r['constants']);
        $this->assertSame(
            ['WU_ENHANCE_API_TOKEN' => $token, 'WU_ENHANCE_API_URL' => 'https://panel.example.com/api/', 'WU_FLAG' => true, 'WU_COUNT' => 3, 'DB_NAME' => 'wordpress'],
            $this->load(['WU_ENHANCE_API_TOKEN', 'WU_ENHANCE_API_URL', 'WU_FLAG', 'WU_COUNT', 'DB_NAME'])
        );
        $text = file_get_contents($this->path);
        $this->assertMatchesRegularExpression("/\\\$table_prefix = 'wp_';\ndefine\\( 'WU_ENHANCE_API_TOKEN'/", $text, 'inserted after $table_prefix');
        $this->assertSame(0640, fileperms($this->path) & 0777, 'permissions kept');
        $this->assertSame(self::CONFIG, file_get_contents($r['backup']));
        $this->assertSame(0640, fileperms($r['backup']) & 0777, 'the backup is as private as the file');
    }

    public function testReplacingAndRepeatingChangeOnlyWhatDiffers(): void
    {
        wu_hosting_write_constants($this->path, ['WU_ENHANCE_API_TOKEN' => 'one']);
        $r = wu_hosting_write_constants($this->path, ['WU_ENHANCE_API_TOKEN' => 'two', 'DB_NAME' => 'wordpress']);
        $this->assertSame(['WU_ENHANCE_API_TOKEN' => 'replaced', 'DB_NAME' => 'unchanged'], $r['constants']);
        $this->assertSame(['WU_ENHANCE_API_TOKEN' => 'two'], $this->load(['WU_ENHANCE_API_TOKEN']));
        $this->assertSame(1, substr_count(file_get_contents($this->path), 'WU_ENHANCE_API_TOKEN'));

        $before = file_get_contents($this->path);
        $backup = file_get_contents($r['backup']);
        $again = wu_hosting_write_constants($this->path, ['WU_ENHANCE_API_TOKEN' => 'two']);
        $this->assertFalse($again['changed']);
        $this->assertNull($again['backup']);
        $this->assertSame($before, file_get_contents($this->path));
        $this->assertSame($backup, file_get_contents($r['backup']), 'one backup, of the last change');
    }

    public function testRefusesAFileThatIsNotAWpConfig(): void
    {
        $other = $this->dir . '/index.php';
        file_put_contents($other, "<?php echo 'hi';\n");
        $e = $this->thrown(fn () => wu_hosting_write_constants($other, ['A' => 'b']), ConfigException::class);
        $this->assertStringContainsString('is not a wp-config.php', $e->getMessage());
        $this->assertSame("<?php echo 'hi';\n", file_get_contents($other));
    }

    public function testRefusesBadNamesAndValuesAndWritesNothing(): void
    {
        foreach ([
            [['1ABC' => 'x'], 'is not a constant name'],
            [['A' => "two\nlines"], 'line break'],
            [['A' => ['array']], 'must be a string, a number, a boolean or null'],
            [['value without a name'], 'must map constant names to values'],
        ] as [$constants, $expected]) {
            $e = $this->thrown(fn () => wu_hosting_write_constants($this->path, $constants), ConfigException::class);
            $this->assertStringContainsString($expected, $e->getMessage());
        }
        $this->assertSame(self::CONFIG, file_get_contents($this->path));
        $this->assertSame([], glob($this->dir . '/*.bak'));
    }

    public function testAMissingFileSaysSo(): void
    {
        $e = $this->thrown(fn () => wu_hosting_write_constants($this->dir . '/nope/wp-config.php', ['A' => 'b']), ConfigException::class);
        $this->assertStringContainsString('cannot open', $e->getMessage());
    }
}

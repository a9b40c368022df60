<?php
/**
 * The 2.4 wizard's "write the constants for me": through the provider, the
 * native writer puts every value into wp-config.php escaped, so a token with
 * quotes, backslashes or "?>" comes back intact, where Ultimate Multisite's own
 * writer breaks the file. Also the connection test and "Find my ids".
 */

declare(strict_types=1);

namespace WuHosting\Tests\WordPress;

use WuHosting\Plugin\Discovery;
use WuHosting\Plugin\Providers\Enhance_Host_Provider;

final class WizardTest extends WordPressTestCase
{
    private const NASTY_TOKEN = "to'k\"en\\' . phpinfo() . '?> <?php echo 1; \\";

    private string $config = '';

    protected function setUp(): void
    {
        parent::setUp();
        // A copy of the network's wp-config.php: the anchors of a real one.
        $this->config = sys_get_temp_dir() . '/wu-hosting-wizard-' . getmypid() . '/wp-config.php';
        @mkdir(dirname($this->config));
        copy(ABSPATH . 'wp-config.php', $this->config);
        chmod($this->config, 0640);
        add_filter('wu_hosting_wp_config_path', fn () => $this->config);
    }

    protected function tearDown(): void
    {
        remove_all_filters('wu_hosting_wp_config_path');
        foreach (glob(dirname($this->config) . '/{,.}*', GLOB_BRACE) ?: [] as $f) {
            if (is_file($f)) {
                unlink($f);
            }
        }
        @rmdir(dirname($this->config));
        parent::tearDown();
    }

    /** The constants a wp-config.php defines, read by PHP itself in a child process (its require of wp-settings.php fails there, after the defines). */
    private function definedBy(string $file, array $names): array
    {
        $code = sprintf(
            'define("ABSPATH", %s); '
            . 'register_shutdown_function(function () { $out = []; foreach (%s as $n) { $out[$n] = defined($n) ? constant($n) : null; } echo json_encode($out); }); '
            . 'include %s;',
            var_export(sys_get_temp_dir() . '/no-wordpress-here/', true),
            var_export($names, true),
            var_export($file, true)
        );
        $out = shell_exec(escapeshellarg(PHP_BINARY) . ' -n -d display_errors=0 -r ' . escapeshellarg($code) . ' 2>/dev/null');
        return (array) json_decode((string) $out, true);
    }

    public function testTheWizardWritesANastyTokenThatComesBackIntact(): void
    {
        $values = [
            'WU_ENHANCE_API_TOKEN' => self::NASTY_TOKEN,
            'WU_ENHANCE_API_URL' => 'https://panel.example.com/api/',
            'WU_ENHANCE_SERVER_ID' => '',
            'WU_ENHANCE_ORG_ID' => '0b9c6b3e-0000-4000-8000-000000000001',
            'WU_ENHANCE_WEBSITE_ID' => '0b9c6b3e-0000-4000-8000-000000000002',
        ];
        // What the wizard posts (slashed, as WordPress receives it) and how it saves.
        $post = wp_slash($values + ['wu_hosting_find_ids' => '']);
        um_standin_wizard_save('enhance', $post);

        $this->assertFileExists($this->config . '.wu-hosting.bak', 'one backup kept');
        $this->assertSame(0640, fileperms($this->config) & 0777, 'permissions kept');
        exec(escapeshellarg(PHP_BINARY) . ' -n -l ' . escapeshellarg($this->config), $lint, $status);
        $this->assertSame(0, $status, implode("\n", $lint));
        $read = $this->definedBy($this->config, array_keys($values));
        // sanitize_text_field() (the wizard's) trims and strips tags: compare with what it hands over.
        $this->assertSame(sanitize_text_field(self::NASTY_TOKEN), $read['WU_ENHANCE_API_TOKEN']);
        $this->assertStringContainsString("'", $read['WU_ENHANCE_API_TOKEN']);
        $this->assertStringContainsString('\\', $read['WU_ENHANCE_API_TOKEN']);
        $this->assertStringContainsString('?>', $read['WU_ENHANCE_API_TOKEN']);
        $this->assertSame($values['WU_ENHANCE_WEBSITE_ID'], $read['WU_ENHANCE_WEBSITE_ID']);
        $this->assertNull($read['WU_ENHANCE_SERVER_ID'], 'an empty optional field defines nothing');
        $this->assertStringNotContainsString('wu_hosting_find_ids', (string) file_get_contents($this->config));

        // Saving the same values again changes nothing.
        $before = (string) file_get_contents($this->config);
        um_standin_wizard_save('enhance', $post);
        $this->assertSame($before, (string) file_get_contents($this->config));
    }

    public function testUltimateMultisitesOwnWriterBreaksOnTheSameToken(): void
    {
        // Why the provider overrides setup_constants(): the unescaped original.
        // It only writes the network's own wp-config.php: let it, then put that file back.
        $live = ABSPATH . 'wp-config.php';
        $saved = (string) file_get_contents($live);
        try {
            \WP_Ultimo\Helpers\WP_Config::get_instance()->inject_wp_config_constant('WU_ENHANCE_API_TOKEN', "to'ken");
            copy($live, $this->config);
        } finally {
            file_put_contents($live, $saved);
        }
        exec(escapeshellarg(PHP_BINARY) . ' -n -l ' . escapeshellarg($this->config) . ' 2>&1', $lint, $status);
        $this->assertNotSame(0, $status, 'the original writer leaves a file PHP cannot parse');
    }

    public function testTheManualLinesAreEscapedToo(): void
    {
        $lines = Enhance_Host_Provider::get_instance()->get_constants_string(['WU_ENHANCE_API_TOKEN' => self::NASTY_TOKEN, 'NOT_OURS' => 'x']);
        file_put_contents($this->config, "<?php\n$lines\n");
        $this->assertSame(self::NASTY_TOKEN, $this->definedBy($this->config, ['WU_ENHANCE_API_TOKEN'])['WU_ENHANCE_API_TOKEN']);
        $this->assertStringNotContainsString('NOT_OURS', $lines);
    }

    public function testAFileThatIsNotAWpConfigIsRefusedAndLeftAlone(): void
    {
        file_put_contents($this->config, "<?php\necho 'hello';\n");
        $this->expectException(\WuHosting\Exception::class);
        \WuHosting\Plugin\Config_Writer::write(['WU_ENHANCE_API_TOKEN' => 'x']);
    }

    /** Runs an AJAX handler the way admin-ajax.php does; returns the JSON it sent. */
    private function ajax(callable $handler): array
    {
        $die = fn () => static function (): void {
            throw new \RuntimeException('ajax done');
        };
        add_filter('wp_die_ajax_handler', $die);
        add_filter('wp_doing_ajax', '__return_true');
        ob_start();
        try {
            $handler();
        } catch (\RuntimeException $e) {
            $this->assertSame('ajax done', $e->getMessage());
        } finally {
            $out = (string) ob_get_clean();
            remove_filter('wp_die_ajax_handler', $die);
            remove_filter('wp_doing_ajax', '__return_true');
        }
        $json = json_decode($out, true);
        $this->assertIsArray($json, "no JSON answer: $out");
        return $json;
    }

    public function testUltimateMultisitesConnectionTestReachesThePanel(): void
    {
        $_REQUEST['integration'] = 'enhance';
        try {
            $json = $this->ajax([\WP_Ultimo\Managers\Domain_Manager::get_instance(), 'test_integration']);
        } finally {
            unset($_REQUEST['integration']);
        }
        $this->assertTrue($json['success']);
        $this->assertStringContainsString($this->panel->ready['enhance_website_id'], $json['data']['message']);
    }

    public function testTheConnectionTestSaysWhatIsWrong(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 401, 'count' => -1]]);
        $json = $this->ajax([Enhance_Host_Provider::get_instance(), 'test_connection']);
        $this->assertFalse($json['success']);
        $this->assertNotSame('', $json['data']['message']);
        $this->assertStringNotContainsString(WU_ENHANCE_API_TOKEN, $json['data']['message']);
    }

    public function testFindMyIdsFindsTheNetworkWebsite(): void
    {
        $found = Discovery::find([
            'WU_ENHANCE_API_TOKEN' => WU_ENHANCE_API_TOKEN,
            'WU_ENHANCE_API_URL' => WU_ENHANCE_API_URL,
            'WU_ENHANCE_SERVER_ID' => $this->panel->ready['enhance_server_id'],
        ]);
        $this->assertIsArray($found);
        $this->assertCount(1, $found);
        $this->assertSame($this->panel->ready['enhance_org_id'], $found[0]['org_id']);
        $this->assertSame($this->panel->ready['enhance_website_id'], $found[0]['website_id']);

        $_POST = ['WU_ENHANCE_API_TOKEN' => 'wrong-token', 'WU_ENHANCE_API_URL' => WU_ENHANCE_API_URL, '_ajax_nonce' => wp_create_nonce(Discovery::ACTION)];
        $_REQUEST = $_POST;
        try {
            $json = $this->ajax([Discovery::class, 'ajax']);
        } finally {
            $_POST = $_REQUEST = [];
        }
        $this->assertFalse($json['success']);
        $this->assertStringNotContainsString('wrong-token', $json['data']['message']);
    }

    public function testTheWizardFieldsAreKeyedByConstant(): void
    {
        $fields = Enhance_Host_Provider::get_instance()->get_fields();
        foreach (['WU_ENHANCE_API_TOKEN', 'WU_ENHANCE_API_URL', 'WU_ENHANCE_ORG_ID', 'WU_ENHANCE_WEBSITE_ID', 'WU_ENHANCE_SERVER_ID'] as $c) {
            $this->assertArrayHasKey($c, $fields);
        }
        $this->assertSame('password', $fields['WU_ENHANCE_API_TOKEN']['type']);
        $this->assertStringContainsString(Discovery::ACTION, $fields['wu_hosting_find_ids']['desc']);
        $this->assertTrue(Enhance_Host_Provider::get_instance()->supports('autossl'));
        $this->assertTrue(\WuHosting\Plugin\Providers\Closte_Host_Provider::get_instance()->supports('no-config'));
    }
}

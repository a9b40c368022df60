<?php
/**
 * The test network itself: a real subdomain multisite on a real database, with
 * Ultimate Multisite and the wu-hosting plugin network-active and the panel
 * configured in wp-config.php.
 */

declare(strict_types=1);

namespace WuHosting\Tests\WordPress;

final class NetworkTest extends WordPressTestCase
{
    public function testIsASubdomainNetworkOnTheFakePanelsDomain(): void
    {
        $this->assertTrue(is_multisite());
        $this->assertTrue(is_subdomain_install());
        $this->assertSame(getenv('DOMAIN_CURRENT_SITE'), DOMAIN_CURRENT_SITE);
        $this->assertSame(DOMAIN_CURRENT_SITE, get_network()->domain);
        $this->assertSame('/', get_network()->path);
        $this->assertTrue(is_main_site());
        $this->assertSame(DOMAIN_CURRENT_SITE, get_site()->domain);
        $this->assertTrue(is_super_admin());
        $this->assertSame(self::ADMIN_LOGIN, wp_get_current_user()->user_login);
    }

    public function testRunsOnTheTestDatabaseOverItsSocket(): void
    {
        global $wpdb;
        $this->assertSame('localhost:' . getenv('WP_DB_SOCKET'), DB_HOST);
        $this->assertSame('wp_', $wpdb->base_prefix);
        $this->assertStringContainsStringIgnoringCase('mariadb', (string) $wpdb->get_var('SELECT VERSION()'));
        $this->assertSame(realpath((string) getenv('WP_ROOT')) . '/', ABSPATH);
    }

    public function testBothPluginsAreNetworkActive(): void
    {
        foreach (['ultimate-multisite/ultimate-multisite.php', 'wu-hosting/wu-hosting.php'] as $plugin) {
            $this->assertTrue(is_plugin_active_for_network($plugin), "$plugin is not network-active");
            $this->assertTrue(is_plugin_active($plugin));
        }
        $this->assertSame('wu-hosting/wu-hosting.php', plugin_basename(WP_PLUGIN_DIR . '/wu-hosting/wu-hosting.php'));
    }

    public function testPanelConstantsComeFromTheFakePanel(): void
    {
        $ready = $this->panel->ready;
        $this->assertSame($ready['enhance_api_url'], WU_ENHANCE_API_URL);
        $this->assertSame($ready['enhance_token'], WU_ENHANCE_API_TOKEN);
        $this->assertSame($ready['enhance_org_id'], WU_ENHANCE_ORG_ID);
        $this->assertSame($ready['enhance_website_id'], WU_ENHANCE_WEBSITE_ID);
        // An Enhance network never has Closte's key: with it, Ultimate Multisite takes
        // the network for a Closte one (its installer then refuses to write wp-config.php).
        $this->assertFalse(defined('CLOSTE_CLIENT_API_KEY'));
        $this->assertFalse(defined('WU_ENHANCE_SERVER_ID'));
        $this->assertSame($ready['closte_api_url'], WU_CLOSTE_API_URL);
        $this->assertSame($ready['ca_file'], WU_HOSTING_CA_FILE);
        $this->assertFileExists(WU_HOSTING_FFI_LIBRARY);
        $this->assertTrue(DISABLE_WP_CRON);
    }

    public function testRunsInTheNativeModeAsked(): void
    {
        $mode = getenv('WU_HOSTING_MODE');
        $this->assertSame($mode === 'extension', extension_loaded('wu_hosting'));
        if ($mode === 'ffi') {
            $this->assertTrue(class_exists(\FFI::class));
        }
        if (function_exists('wu_hosting_native_mode')) {
            $this->assertSame($mode, wu_hosting_native_mode());
        }
    }

    public function testCreatesAndDeletesARealSite(): void
    {
        global $wpdb;
        $domain = 'smoke' . wp_rand(1000, 9999) . '.' . DOMAIN_CURRENT_SITE;
        $id = wpmu_create_blog($domain, '/', 'Smoke test', get_current_user_id(), ['public' => 1], get_current_network_id());
        $this->assertNotWPError($id);
        $this->assertIsInt($id);

        $row = $wpdb->get_row($wpdb->prepare("SELECT domain, path FROM {$wpdb->blogs} WHERE blog_id = %d", $id));
        $this->assertSame($domain, $row->domain);
        $this->assertSame('/', $row->path);
        $this->assertSame($id, get_blog_id_from_url($domain, '/'));
        $this->assertSame("{$wpdb->base_prefix}{$id}_options", $wpdb->get_var($wpdb->prepare('SHOW TABLES LIKE %s', "{$wpdb->base_prefix}{$id}_options")));
        $this->assertSame('Smoke test', get_blog_option($id, 'blogname'));

        switch_to_blog($id);
        $this->assertSame("http://$domain", home_url());
        restore_current_blog();

        wpmu_delete_blog($id, true);
        $this->assertNull(get_site($id));
        $this->assertNull($wpdb->get_var($wpdb->prepare('SHOW TABLES LIKE %s', "{$wpdb->base_prefix}{$id}_options")));
    }

    public function testRunsDueCronEvents(): void
    {
        $calls = [];
        $hook = 'wu_hosting_test_cron';
        add_action($hook, static function (string $arg) use (&$calls): void {
            $calls[] = $arg;
        });
        wp_schedule_single_event(time() + 3600, $hook, ['later']);
        $this->assertNotContains($hook, array_column($this->runDueCron(), 'hook'));
        $this->assertSame([], $calls);
        $ran = $this->runDueCron(3700, [$hook]);
        $this->assertSame([['hook' => $hook, 'args' => ['later']]], array_map(
            static fn (array $r): array => ['hook' => $r['hook'], 'args' => $r['args']],
            $ran
        ));
        $this->assertSame(['later'], $calls);
        $this->assertFalse(wp_next_scheduled($hook, ['later']));
    }
}

<?php
/**
 * PHPUnit bootstrap of the WordPress suite: loads the test network made by
 * scripts/with-wordpress.sh (WP_ROOT) in this process, as a request for the
 * network's main site, and logs in as the network's super admin.
 *
 * WU_HOSTING_MODE says how the plugin reaches the native code:
 *   extension  the wu_hosting extension is loaded (php -d extension=...)
 *   ffi        it is not; the plugin loads WU_HOSTING_FFI_LIBRARY with PHP's FFI
 *
 * make test-wordpress runs the suite once in each mode.
 */

declare(strict_types=1);

// PHPUnit includes this file inside a method, so the variables WordPress sets at
// the top level of its files would be local to it: make them global first.
global $wpdb, $table_prefix, $wp_version, $wp_db_version, $blog_id, $current_site, $current_blog,
    $wp_rewrite, $wp, $wp_query, $wp_the_query, $wp_filter, $wp_actions, $wp_current_filter,
    $shortcode_tags, $wp_roles, $wp_locale, $wp_theme_directories, $wp_plugin_paths, $PHP_SELF,
    $phpmailer, $pagenow;

(static function (): void {
    $fail = static function (string $message): never {
        fwrite(STDERR, "tests/wordpress: $message\n");
        exit(1);
    };
    foreach (['WP_ROOT', 'FAKE_PANEL_READY', 'DOMAIN_CURRENT_SITE'] as $name) {
        if ((string) getenv($name) === '') {
            $fail("$name is not set: run the suite through scripts/with-panel.sh scripts/with-wordpress.sh (make test-wordpress)");
        }
    }
    $mode = (string) getenv('WU_HOSTING_MODE');
    if ($mode === 'extension') {
        if (!extension_loaded('wu_hosting')) {
            $fail('WU_HOSTING_MODE=extension but the wu_hosting extension is not loaded: php -d extension=target/release/libwu_hosting.so /usr/bin/phpunit ...');
        }
    } elseif ($mode === 'ffi') {
        if (extension_loaded('wu_hosting')) {
            $fail('WU_HOSTING_MODE=ffi but the wu_hosting extension is loaded (php.ini?): run php -n with the extensions WordPress needs');
        }
        if (!extension_loaded('ffi') || !in_array(ini_get('ffi.enable'), ['1', 'On', 'on', 'true'], true)) {
            $fail('WU_HOSTING_MODE=ffi needs PHP FFI enabled: php -d ffi.enable=1 ...');
        }
    } else {
        $fail("WU_HOSTING_MODE must be 'extension' or 'ffi', not '$mode'");
    }
})();

require __DIR__ . '/support/main-site-request.php';

require rtrim((string) getenv('WP_ROOT'), '/') . '/wp-load.php';
// What the network admin screens have: plugin.php, ms.php (wpmu_delete_blog), user.php, ...
require_once ABSPATH . 'wp-admin/includes/admin.php';

(static function (): void {
    $admin = get_user_by('login', 'admin');
    if (!$admin instanceof WP_User) {
        fwrite(STDERR, "tests/wordpress: the network has no user 'admin'\n");
        exit(1);
    }
    wp_set_current_user($admin->ID);
    $mode = (string) getenv('WU_HOSTING_MODE');
    if (function_exists('wu_hosting_native_mode') && wu_hosting_native_mode() !== $mode) {
        fwrite(STDERR, sprintf(
            "tests/wordpress: the plugin runs in native mode '%s', the suite asked for '%s'\n",
            wu_hosting_native_mode(),
            $mode
        ));
        exit(1);
    }
})();

require dirname(__DIR__) . '/php/support/FakePanel.php';
require __DIR__ . '/support/WordPressTestCase.php';
